package dev.graft.pypm.parser;

import dev.graft.pypm.core.BinaryOp;
import dev.graft.pypm.core.Guard;
import dev.graft.pypm.parser.ast.Expr;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lowers a {@code where} guard to the core's guard language (CORE-SPEC section 4):
 * {@code x.op}, {@code x.arity}, {@code x.NAME} (the attribute NAME; {@code attr(x, "op")}
 * reaches an attribute whose name is taken), {@code ?F}, {@code len}, indexing, integer
 * arithmetic, comparisons, {@code and or not}, and {@code a in [b, c]} as
 * {@code a == b or a == c}. Floats, {@code None} and the rule engine's builtins are
 * not guards: they belong in a rule's {@code if}.
 */
final class GuardLowering {
    private final Consumer<Expr.Name> termVariableUse;
    private final Consumer<Expr.FunName> functionVariableUse;

    /** The callbacks see every variable a guard names, so the caller can check its scope. */
    GuardLowering(Consumer<Expr.Name> termVariableUse, Consumer<Expr.FunName> functionVariableUse) {
        this.termVariableUse = termVariableUse;
        this.functionVariableUse = functionVariableUse;
    }

    Guard lower(Expr e) {
        return switch (e) {
            case Expr.IntLit i -> new Guard.Int(i.value());
            case Expr.StrLit s -> new Guard.Str(s.value());
            case Expr.BoolLit b -> new Guard.Bool(b.value());
            case Expr.ListLit l -> new Guard.ListOf(l.elements().stream().map(this::lower).toList());
            case Expr.FunName f -> {
                functionVariableUse.accept(f);
                yield new Guard.FunName(f.name());
            }
            case Expr.Field f -> field(f);
            case Expr.Index i -> new Guard.Index(lower(i.target()), lower(i.index()));
            case Expr.Call c -> call(c);
            case Expr.Not n -> new Guard.Not(lower(n.operand()));
            case Expr.Negate n -> new Guard.Binary(BinaryOp.SUB, new Guard.Int(0), lower(n.operand()));
            case Expr.Binary b -> binary(b);
            case Expr.Name n -> throw new SourceError(n.span(),
                    "a guard cannot use the term " + n.name() + " itself; use " + n.name() + ".op, "
                            + n.name() + ".arity or " + n.name() + ".ATTRIBUTE");
            case Expr.FloatLit f -> throw notAGuard(f, "a float");
            case Expr.NoneLit n -> throw notAGuard(n, "None");
        };
    }

    private static SourceError notAGuard(Expr e, String what) {
        return new SourceError(e.span(), what + " is not allowed in a 'where' guard (the core has integers, strings "
                + "and lists); test it in the rule's 'if'");
    }

    private Guard field(Expr.Field f) {
        String x = variable(f.target(), "." + f.name());
        return switch (f.name()) {
            case "op" -> new Guard.OpOf(x);
            case "arity" -> new Guard.ArityOf(x);
            default -> new Guard.AttrOf(x, f.name());
        };
    }

    private String variable(Expr target, String access) {
        if (target instanceof Expr.Name n) {
            termVariableUse.accept(n);
            return n.name();
        }
        throw new SourceError(target.span(), access + " applies to a term variable in a 'where' guard");
    }

    private Guard call(Expr.Call c) {
        switch (c.function()) {
            case "len" -> {
                arity(c, 1);
                return new Guard.Len(lower(c.args().get(0)));
            }
            case "attr" -> {
                arity(c, 2);
                String x = variable(c.args().get(0), "attr()");
                if (!(c.args().get(1) instanceof Expr.StrLit name)) {
                    throw new SourceError(c.args().get(1).span(), "attr() takes the attribute's name as a string");
                }
                return new Guard.AttrOf(x, name.value());
            }
            default -> throw new SourceError(c.span(), c.function() + "() is not allowed in a 'where' guard "
                    + "(only len and attr are); test it in the rule's 'if'");
        }
    }

    private static void arity(Expr.Call c, int n) {
        if (c.args().size() != n) {
            throw new SourceError(c.span(), c.function() + "() takes " + n + " argument(s), given " + c.args().size());
        }
    }

    private Guard binary(Expr.Binary b) {
        return switch (b.op()) {
            case AND -> new Guard.And(lower(b.left()), lower(b.right()));
            case OR -> new Guard.Or(lower(b.left()), lower(b.right()));
            case IN -> membership(b);
            default -> new Guard.Binary(BinaryOp.valueOf(b.op().name()), lower(b.left()), lower(b.right()));
        };
    }

    /** {@code a in [b, c]} is {@code a == b or a == c}; {@code a in []} is false. */
    private Guard membership(Expr.Binary b) {
        if (!(b.right() instanceof Expr.ListLit list)) {
            throw new SourceError(b.right().span(), "'in' needs a list written out, [a, b, ...], in a 'where' guard");
        }
        Guard left = lower(b.left());
        List<Expr> options = list.elements();
        Guard result = new Guard.Bool(false);
        for (int i = options.size() - 1; i >= 0; i--) {
            Guard test = new Guard.Binary(BinaryOp.EQ, left, lower(options.get(i)));
            result = i == options.size() - 1 ? test : new Guard.Or(test, result);
        }
        return result;
    }
}
