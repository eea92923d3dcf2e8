package dev.graft.pypm.rules;

import dev.graft.pypm.parser.Lowering;
import dev.graft.pypm.parser.SourceError;
import dev.graft.pypm.parser.Span;
import dev.graft.pypm.parser.ast.Decl;
import dev.graft.pypm.parser.ast.Expr;
import dev.graft.pypm.parser.ast.Keyword;
import dev.graft.pypm.parser.ast.Replacement;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a rule's condition and replacement before any matching: every variable they
 * name is one the pattern can bind, every function is a builtin called with a valid
 * number of arguments, every new node names a known op and sets each attribute once.
 */
final class RuleChecks {
    private final Decl.RuleDef rule;
    private final Lowering.Query query;

    private RuleChecks(Decl.RuleDef rule, Lowering.Query query) {
        this.rule = rule;
        this.query = query;
    }

    static void check(Decl.RuleDef rule, Lowering.Query query, Predicate<String> knownOp) {
        RuleChecks checks = new RuleChecks(rule, query);
        if (rule.condition() != null) {
            checks.expr(rule.condition());
        }
        checks.replacement(rule.replacement(), knownOp, true);
    }

    private void replacement(Replacement r, Predicate<String> knownOp, boolean root) {
        switch (r) {
            case Replacement.Input in -> variable(in.name(), in.span());
            case Replacement.NoInput n -> {
                if (root) {
                    throw new SourceError(n.span(), "rule " + rule.name() + " cannot replace a value by None");
                }
            }
            case Replacement.NewNode n -> {
                if (!knownOp.test(n.op())) {
                    throw new SourceError(n.span(), "unknown op " + n.op() + " in the replacement of rule " + rule.name());
                }
                n.inputs().forEach(i -> replacement(i, knownOp, false));
                Set<String> names = new HashSet<>();
                for (Keyword k : n.attributes()) {
                    if (!names.add(k.name())) {
                        throw new SourceError(k.span(), "attribute " + k.name() + " is set twice");
                    }
                    expr(k.value());
                }
            }
        }
    }

    private void expr(Expr e) {
        switch (e) {
            case Expr.Name n -> variable(n.name(), n.span());
            case Expr.FunName f -> {
                if (!query.functionVariables().contains(f.name())) {
                    throw new SourceError(f.span(), "rule " + rule.name() + " uses ?" + f.name()
                            + ", which its pattern does not bind");
                }
            }
            case Expr.ListLit l -> l.elements().forEach(this::expr);
            case Expr.Field f -> expr(f.target());
            case Expr.Index i -> {
                expr(i.target());
                expr(i.index());
            }
            case Expr.Call c -> {
                Builtin b = Builtin.named(c.function());
                if (b == null) {
                    throw new SourceError(c.span(), "unknown function " + c.function() + "()");
                }
                if (c.args().size() < b.minArgs || c.args().size() > b.maxArgs) {
                    throw new SourceError(c.span(), c.function() + "() takes " + (b.minArgs == b.maxArgs
                            ? b.minArgs : b.minArgs + " to " + b.maxArgs) + " argument(s), given " + c.args().size());
                }
                c.args().forEach(this::expr);
            }
            case Expr.Not n -> expr(n.operand());
            case Expr.Negate n -> expr(n.operand());
            case Expr.Binary b -> {
                expr(b.left());
                expr(b.right());
            }
            case Expr.IntLit i -> { }
            case Expr.FloatLit f -> { }
            case Expr.StrLit s -> { }
            case Expr.BoolLit b -> { }
            case Expr.NoneLit n -> { }
        }
    }

    private void variable(String name, Span span) {
        if (!query.termVariables().contains(name)) {
            throw new SourceError(span, "rule " + rule.name() + " uses " + name + ", which its pattern does not bind");
        }
    }
}
