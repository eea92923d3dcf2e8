package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayList;
import java.util.List;

/**
 * Guards of two kinds: facts about the term a variable will be bound to (mostly
 * true, so guarded patterns still match), and random expressions over the
 * variables in scope, which reach every way evaluation can fail (unbound names,
 * missing attributes, type mismatches, bad indexes, division by zero). Integers
 * stay small so no implementation can overflow 64 bits: overflow is left to each
 * implementation by CORE-SPEC section 4.
 */
final class GuardGenerator {
    private static final List<String> ATTRIBUTES = List.of("shape", "dtype", "axis", "missing");
    private static final List<String> BINARY = List.of(
            "index", "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or");

    private final Dice dice;

    GuardGenerator(Dice dice) {
        this.dice = dice;
    }

    /** A guard about variable {@code x}, which the pattern binds to term {@code t}; usually true. */
    Sx about(String x, Sx.Lst t) {
        Sx fact = fact(x, t);
        return switch (dice.weighted(5, 2, 1, 1, 1)) {
            case 0 -> fact;
            case 1 -> Sx.list(Sx.atom("and"), fact, fact(x, t));
            case 2 -> Sx.list(Sx.atom("or"), Sx.list(Sx.atom("not"), fact), fact(x, t));
            case 3 -> Sx.list(Sx.atom("not"), Sx.list(Sx.atom("not"), fact));
            default -> Sx.list(Sx.atom(dice.pick("and", "or")), fact, random(List.of(x), List.of(), 2));
        };
    }

    private Sx fact(String x, Sx.Lst t) {
        Sx var = Sx.atom(x);
        Sx shape = attribute(t, "shape");
        int arity = t.size() - 2;
        int kind = dice.between(0, shape == null ? 3 : 7);
        Sx fact = switch (kind) {
            case 0 -> eq(Sx.list(Sx.atom("opof"), var), Sx.str(((Sx.Atom) t.get(0)).text()));
            case 1 -> eq(Sx.list(Sx.atom("arity"), var), Sx.integer(arity));
            case 2 -> Sx.list(Sx.atom(">="), Sx.list(Sx.atom("arity"), var), Sx.integer(dice.between(0, arity)));
            case 3 -> arithmeticTruth();
            case 4 -> eq(Sx.list(Sx.atom("len"), attr(var, "shape")), Sx.integer(((Sx.Lst) shape).size() - 1));
            case 5 -> eq(attr(var, "shape"), shape);
            case 6 -> lastDimension(var, (Sx.Lst) shape);
            default -> Sx.list(Sx.atom("<"), Sx.list(Sx.atom("*"),
                    Sx.list(Sx.atom("len"), attr(var, "shape")), Sx.integer(2)), Sx.integer(dice.between(0, 9)));
        };
        return dice.chance(0.15) ? perturb(fact) : fact;
    }

    private Sx lastDimension(Sx var, Sx.Lst shape) {
        Sx last = shape.size() > 1 ? shape.get(shape.size() - 1) : Sx.integer(0);
        return eq(Sx.list(Sx.atom("index"), attr(var, "shape"), Sx.integer(-1)), last);
    }

    private Sx arithmeticTruth() {
        int a = dice.between(-9, 9);
        int b = dice.between(-9, 9);
        int c = dice.between(1, 5) * dice.pick(1, -1);
        return eq(Sx.list(Sx.atom(dice.pick("/", "%")), Sx.list(Sx.atom("*"), Sx.integer(a), Sx.integer(b)), Sx.integer(c)),
                Sx.integer(dice.chance(0.5) ? (a * b) / c : (a * b) % c));
    }

    /** The fact with one constant changed, or asked of a missing attribute: usually false. */
    private Sx perturb(Sx fact) {
        Sx.Lst l = (Sx.Lst) fact;
        if (dice.chance(0.5)) {
            return Sx.list(l.get(0), l.get(1), Sx.integer(dice.between(-3, 9)));
        }
        return Sx.list(l.get(0), l.get(1), attr(Sx.atom("nobody"), "missing"));
    }

    /** A random guard of about {@code depth} levels over the given names; it often fails. */
    Sx random(List<String> terms, List<String> functions, int depth) {
        if (depth <= 0 || dice.chance(0.25)) {
            return leaf(terms, functions);
        }
        return switch (dice.weighted(2, 1, 1, 8)) {
            case 0 -> Sx.list(Sx.atom("not"), random(terms, functions, depth - 1));
            case 1 -> Sx.list(Sx.atom("len"), random(terms, functions, depth - 1));
            case 2 -> {
                List<Sx> items = new ArrayList<>();
                items.add(Sx.atom("list"));
                for (int i = dice.between(0, 3); i > 0; i--) {
                    items.add(random(terms, functions, depth - 1));
                }
                yield Sx.list(items);
            }
            default -> {
                String op = dice.pick(BINARY);
                boolean byZero = (op.equals("/") || op.equals("%")) && dice.chance(0.3);
                yield Sx.list(Sx.atom(op), random(terms, functions, depth - 1),
                        byZero ? Sx.integer(0) : random(terms, functions, depth - 1));
            }
        };
    }

    private Sx leaf(List<String> terms, List<String> functions) {
        if (terms.isEmpty()) {
            return Sx.integer(dice.between(-3, 9));
        }
        String x = dice.pick(terms);
        return switch (dice.weighted(3, 2, 2, 2, 1, 2, 1)) {
            case 0 -> Sx.integer(dice.between(-2, 4));
            case 1 -> Sx.atom(dice.pick("true", "false"));
            case 2 -> Sx.list(Sx.atom("opof"), Sx.atom(x));
            case 3 -> attr(Sx.atom(x), dice.pick(ATTRIBUTES));
            case 4 -> Sx.list(Sx.atom("arity"), Sx.atom(x));
            case 5 -> Sx.str(dice.pick(TermGenerator.OPS));
            default -> functions.isEmpty() ? Sx.str("f32") : Sx.list(Sx.atom("fname"), Sx.atom(dice.pick(functions)));
        };
    }

    private static Sx attribute(Sx.Lst t, String name) {
        for (Sx pair : ((Sx.Lst) t.get(1)).items()) {
            if (((Sx.Lst) pair).head().equals(name)) {
                return ((Sx.Lst) pair).get(1);
            }
        }
        return null;
    }

    private static Sx attr(Sx var, String name) {
        return Sx.list(Sx.atom("attr"), var, Sx.str(name));
    }

    private static Sx eq(Sx a, Sx b) {
        return Sx.list(Sx.atom("=="), a, b);
    }
}
