package dev.graft.pypm.parser;

import dev.graft.pypm.core.BinaryOp;
import dev.graft.pypm.core.Definition;
import dev.graft.pypm.core.Guard;
import dev.graft.pypm.core.Pattern;
import dev.graft.pypm.parser.ast.Decl;
import dev.graft.pypm.parser.ast.Keyword;
import dev.graft.pypm.parser.ast.PatternExpr;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lowers surface patterns to the core calculus (CORE-SPEC section 2), resolving names
 * on the way: {@code Name(...)} is a call when Name is a visible definition and an
 * operator pattern when it is a known op; anything else is an error at its place.
 * Sugar: {@code p as x} is {@code x & p}; {@code Op(ps, a=e)} is
 * {@code exists t. (t & Op(ps)) where t.a == e}, with t a fresh name no source can
 * write ({@code a'1}).
 */
public final class Lowering {
    private final Map<String, DefinitionRef> visible;
    private final Predicate<String> knownOp;
    private final Deque<String> terms = new ArrayDeque<>();
    private final Deque<String> functions = new ArrayDeque<>();
    private final Set<String> bindableTerms = new LinkedHashSet<>();
    private final Set<String> bindableFunctions = new LinkedHashSet<>();
    private String owner;
    private boolean closed;
    private int fresh;

    public Lowering(Map<String, DefinitionRef> visible, Predicate<String> knownOp) {
        this.visible = visible;
        this.knownOp = knownOp;
    }

    /** A definition; its body may use only its parameters and its locals. */
    public Definition definition(Decl.PatternDef d, String coreName) {
        Set<String> seen = new HashSet<>();
        for (Decl.Param p : d.params()) {
            if (!seen.add(p.name())) {
                throw new SourceError(p.span(), "parameter " + p.name() + " appears twice in pattern " + d.name());
            }
        }
        begin("pattern " + d.name(), true);
        d.params().forEach(p -> terms.push(p.name()));
        Pattern body = lower(d.body());
        return new Definition(coreName, d.params().stream().map(Decl.Param::name).toList(), body);
    }

    /** A rule's pattern: the query, whose free variables are what a match binds. */
    public Query query(PatternExpr p, String ruleName) {
        begin("rule " + ruleName, false);
        Pattern pattern = lower(p);
        return new Query(pattern, Set.copyOf(bindableTerms), Set.copyOf(bindableFunctions));
    }

    /** A lowered rule pattern with the variables a match can bind (those outside every exists). */
    public record Query(Pattern pattern, Set<String> termVariables, Set<String> functionVariables) {
    }

    private void begin(String what, boolean closedScope) {
        owner = what;
        closed = closedScope;
        terms.clear();
        functions.clear();
        bindableTerms.clear();
        bindableFunctions.clear();
        fresh = 0;
    }

    private Pattern lower(PatternExpr p) {
        return switch (p) {
            case PatternExpr.Wildcard w -> new Pattern.Wildcard();
            case PatternExpr.Var v -> {
                termVariable(v.name(), v.span(), true);
                yield new Pattern.Var(v.name());
            }
            case PatternExpr.As a -> {
                termVariable(a.name(), a.span(), true);
                yield new Pattern.And(new Pattern.Var(a.name()), lower(a.pattern()));
            }
            case PatternExpr.Apply a -> apply(a);
            case PatternExpr.FunVar f -> {
                functionVariable(f.name(), f.span(), true);
                List<Pattern> args = f.args().stream().map(this::lower).toList();
                yield attributeTests(new Pattern.FunVar(f.name(), args), f.attributes());
            }
            case PatternExpr.Alt a -> new Pattern.Alt(lower(a.left()), lower(a.right()));
            case PatternExpr.Both b -> new Pattern.And(lower(b.left()), lower(b.right()));
            case PatternExpr.Where w -> new Pattern.Guarded(lower(w.pattern()), guards().lower(w.guard()));
            case PatternExpr.Exists e -> exists(e, 0);
        };
    }

    private Pattern exists(PatternExpr.Exists e, int index) {
        if (index == e.names().size()) {
            return lower(e.body());
        }
        PatternExpr.LocalName local = e.names().get(index);
        Deque<String> scope = local.function() ? functions : terms;
        scope.push(local.name());
        try {
            Pattern body = exists(e, index + 1);
            return local.function() ? new Pattern.ExistsFun(local.name(), body) : new Pattern.Exists(local.name(), body);
        } finally {
            scope.pop();
        }
    }

    private Pattern apply(PatternExpr.Apply a) {
        DefinitionRef def = visible.get(a.name());
        List<Pattern> args = a.args().stream().map(this::lower).toList();
        if (def != null) {
            if (!a.attributes().isEmpty()) {
                throw new SourceError(a.attributes().get(0).span(),
                        "attribute tests apply to ops; " + a.name() + " is a pattern definition");
            }
            if (def.arity() != args.size()) {
                throw new SourceError(a.span(), "pattern " + a.name() + " takes " + def.arity()
                        + " argument(s), given " + args.size() + " (defined at " + def.span().where() + ")");
            }
            return new Pattern.Call(def.coreName(), args);
        }
        if (!knownOp.test(a.name())) {
            throw new SourceError(a.span(), "unknown name " + a.name() + " in " + owner
                    + ": neither a pattern definition in scope nor a known op");
        }
        return attributeTests(new Pattern.OpPattern(a.name(), args), a.attributes());
    }

    private Pattern attributeTests(Pattern op, List<Keyword> attributes) {
        if (attributes.isEmpty()) {
            return op;
        }
        String node = "a'" + (++fresh);
        Set<String> names = new HashSet<>();
        terms.push(node);
        try {
            Guard test = null;
            for (Keyword k : attributes) {
                if (!names.add(k.name())) {
                    throw new SourceError(k.span(), "attribute " + k.name() + " is tested twice");
                }
                Guard eq = new Guard.Binary(BinaryOp.EQ, new Guard.AttrOf(node, k.name()), guards().lower(k.value()));
                test = test == null ? eq : new Guard.And(test, eq);
            }
            return new Pattern.Exists(node, new Pattern.Guarded(new Pattern.And(new Pattern.Var(node), op), test));
        } finally {
            terms.pop();
        }
    }

    /** Guards read variables but never bind them, so a name only a guard mentions is not one a match binds. */
    private GuardLowering guards() {
        return new GuardLowering(n -> termVariable(n.name(), n.span(), false),
                f -> functionVariable(f.name(), f.span(), false));
    }

    private void termVariable(String name, Span span, boolean binds) {
        if (terms.contains(name)) {
            return;
        }
        if (closed) {
            throw new SourceError(span, "unknown variable " + name + " in " + owner
                    + " (not a parameter and not bound by an enclosing exists)");
        }
        if (binds) {
            bindableTerms.add(name);
        }
    }

    private void functionVariable(String name, Span span, boolean binds) {
        if (functions.contains(name)) {
            return;
        }
        if (closed) {
            throw new SourceError(span, "function variable ?" + name + " in " + owner
                    + " must be bound by an enclosing 'exists ?" + name + ":'");
        }
        if (binds) {
            bindableFunctions.add(name);
        }
    }
}
