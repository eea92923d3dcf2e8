package dev.graft.pypm.rules;

import dev.graft.engine.graph.Value;
import dev.graft.pypm.parser.ast.BinaryOp;
import dev.graft.pypm.parser.ast.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a rule's condition and attribute expressions on one match. Unlike a
 * pattern's guards (the core's integers, strings and lists), these see floats and
 * constants: {@code value(s)}, {@code isclose(value(c), 0.5)}. Integer arithmetic
 * stays integral ({@code /} and {@code %} truncate toward zero, as in the core);
 * an operation with a float gives a float. Any failure is {@link NotApplicable}.
 */
final class Evaluator {
    private final Match match;
    private final Constants constants;

    Evaluator(Match match, Constants constants) {
        this.match = match;
        this.constants = constants;
    }

    Object eval(Expr e) {
        return switch (e) {
            case Expr.IntLit i -> i.value();
            case Expr.FloatLit f -> f.value();
            case Expr.StrLit s -> s.value();
            case Expr.BoolLit b -> b.value();
            case Expr.NoneLit n -> null;
            case Expr.ListLit l -> {
                List<Object> out = new ArrayList<>();
                l.elements().forEach(x -> out.add(eval(x)));
                yield out;
            }
            case Expr.Name n -> match.terms().get(n.name());
            case Expr.FunName f -> function(f);
            case Expr.Field f -> field(f);
            case Expr.Index i -> index(Values.list(eval(i.target()), "[]"), Values.integer(eval(i.index()), "[]"));
            case Expr.Call c -> call(c);
            case Expr.Not n -> !Values.bool(eval(n.operand()), "not");
            case Expr.Negate n -> negate(eval(n.operand()));
            case Expr.Binary b -> binary(b);
        };
    }

    boolean test(Expr e) {
        return Values.bool(eval(e), "the rule's condition");
    }

    private Object function(Expr.FunName f) {
        String op = match.functions().get(f.name());
        if (op == null) {
            throw new NotApplicable("?" + f.name() + " is unbound in this match");
        }
        return op;
    }

    private Object field(Expr.Field f) {
        Object target = eval(f.target());
        if (target == null) {
            throw new NotApplicable("." + f.name() + " of None (an unbound variable?)");
        }
        return Values.field(Values.graphValue(target, "." + f.name()), f.name());
    }

    private static Object index(List<?> list, long i) {
        long at = i < 0 ? list.size() + i : i;
        if (at < 0 || at >= list.size()) {
            throw new NotApplicable("index " + i + " out of range for a list of " + list.size());
        }
        return list.get((int) at);
    }

    private Object call(Expr.Call c) {
        Builtin b = Builtin.named(c.function());
        List<Object> args = new ArrayList<>();
        c.args().forEach(a -> args.add(eval(a)));
        return b.apply(args, constants);
    }

    private static Object negate(Object v) {
        if (v instanceof Long l) {
            return Math.negateExact(l);
        }
        return -Values.number(v, "unary -");
    }

    private Object binary(Expr.Binary b) {
        switch (b.op()) {
            case AND -> {
                return Values.bool(eval(b.left()), "and") && Values.bool(eval(b.right()), "and");
            }
            case OR -> {
                return Values.bool(eval(b.left()), "or") || Values.bool(eval(b.right()), "or");
            }
            default -> {
                return strict(b.op(), eval(b.left()), eval(b.right()));
            }
        }
    }

    private static Object strict(BinaryOp op, Object l, Object r) {
        String where = op.spelling();
        return switch (op) {
            case EQ -> Values.equal(l, r);
            case NE -> !Values.equal(l, r);
            case IN -> Values.list(r, "in").stream().anyMatch(x -> Values.equal(l, x));
            case LT -> Values.number(l, where) < Values.number(r, where);
            case LE -> Values.number(l, where) <= Values.number(r, where);
            case GT -> Values.number(l, where) > Values.number(r, where);
            case GE -> Values.number(l, where) >= Values.number(r, where);
            default -> arithmetic(op, l, r);
        };
    }

    private static Object arithmetic(BinaryOp op, Object l, Object r) {
        if (l instanceof Long a && r instanceof Long b) {
            try {
                return dev.graft.pypm.core.BinaryOp.valueOf(op.name()).applyExact(a, b);
            } catch (ArithmeticException e) {
                throw new NotApplicable(a + " " + op.spelling() + " " + b + ": " + e.getMessage());
            }
        }
        double a = Values.number(l, op.spelling());
        double b = Values.number(r, op.spelling());
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MOD -> a % b;
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** The graph value a replacement input names, or null when the match leaves it unbound. */
    Value input(String name) {
        return match.terms().get(name);
    }
}
