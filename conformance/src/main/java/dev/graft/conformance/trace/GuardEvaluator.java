package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Evaluates a guard (CORE-SPEC section 4) over a substitution, reporting each
 * operator it applies and each way it fails. Values are {@link BigInteger},
 * {@link String}, {@link Boolean} and {@link List} of values; integers are
 * unbounded, as in the semantics.
 */
final class GuardEvaluator {
    private final Tracer tracer;
    /** Function variables whose fvar pattern is matching its children right now. */
    private final Deque<String> bindingFunctions;

    GuardEvaluator(Tracer tracer, Deque<String> bindingFunctions) {
        this.tracer = tracer;
        this.bindingFunctions = bindingFunctions;
    }

    /** Whether the guard passes: it evaluates to true, without failing. */
    boolean passes(Sx guard, Subst s) {
        Object value;
        try {
            value = eval(guard, s);
        } catch (GuardFailure failure) {
            tracer.hit(failure.reason());
            return false;
        }
        if (value instanceof Boolean b) {
            tracer.hit(b ? Clause.GUARD_TRUE : Clause.GUARD_FALSE);
            return b;
        }
        tracer.hit(Clause.GUARD_NOT_BOOLEAN);
        return false;
    }

    private Object eval(Sx g, Subst s) {
        if (g instanceof Sx.Str str) {
            tracer.construct("guard string");
            return str.value();
        }
        if (g instanceof Sx.Atom a) {
            if (a.text().equals("true") || a.text().equals("false")) {
                tracer.construct("guard " + a.text());
                return Boolean.valueOf(a.text());
            }
            tracer.construct("guard INT");
            return new BigInteger(a.text());
        }
        Sx.Lst l = (Sx.Lst) g;
        String head = l.head();
        tracer.construct("guard " + head);
        return switch (head) {
            case "list" -> {
                List<Object> values = new ArrayList<>();
                for (Sx item : l.items().subList(1, l.size())) {
                    values.add(eval(item, s));
                }
                yield values;
            }
            case "opof" -> ((Sx.Atom) bound(l, s).get(0)).text();
            case "arity" -> BigInteger.valueOf(bound(l, s).size() - 2);
            case "attr" -> attribute(bound(l, s), ((Sx.Str) l.get(2)).value());
            case "fname" -> function(l, s);
            case "len" -> BigInteger.valueOf(list(eval(l.get(1), s), Clause.GUARD_LEN_TYPE).size());
            case "index" -> index(eval(l.get(1), s), eval(l.get(2), s));
            case "not" -> not(l.get(1), s);
            case "and", "or" -> connective(head, l, s);
            case "==", "!=" -> equality(head, eval(l.get(1), s), eval(l.get(2), s));
            case "<", "<=", ">", ">=" -> order(head, eval(l.get(1), s), eval(l.get(2), s));
            default -> arithmetic(head, eval(l.get(1), s), eval(l.get(2), s));
        };
    }

    private static Sx.Lst bound(Sx.Lst l, Subst s) {
        Sx term = s.term(((Sx.Atom) l.get(1)).text());
        if (term == null) {
            throw new GuardFailure(Clause.GUARD_UNBOUND);
        }
        return (Sx.Lst) term;
    }

    private String function(Sx.Lst l, Subst s) {
        String f = ((Sx.Atom) l.get(1)).text();
        String op = s.function(f);
        if (op == null) {
            throw new GuardFailure(Clause.GUARD_UNBOUND);
        }
        if (bindingFunctions.contains(f)) {
            tracer.hit(Clause.GUARD_SEES_FUNCTION_VARIABLE);
        }
        return op;
    }

    private static Object attribute(Sx.Lst term, String name) {
        for (Sx pair : ((Sx.Lst) term.get(1)).items()) {
            Sx.Lst p = (Sx.Lst) pair;
            if (p.head().equals(name)) {
                return value(p.get(1));
            }
        }
        throw new GuardFailure(Clause.GUARD_MISSING_ATTRIBUTE);
    }

    private static Object value(Sx v) {
        if (v instanceof Sx.Str str) {
            return str.value();
        }
        if (v instanceof Sx.Atom a) {
            return new BigInteger(a.text());
        }
        List<Object> items = new ArrayList<>();
        ((Sx.Lst) v).items().stream().skip(1).forEach(item -> items.add(value(item)));
        return items;
    }

    private Object index(Object list, Object index) {
        List<?> items = list(list, Clause.GUARD_INDEX_TYPE);
        BigInteger i = integer(index, Clause.GUARD_INDEX_TYPE);
        if (i.signum() < 0) {
            tracer.hit(Clause.GUARD_NEGATIVE_INDEX);
            i = i.add(BigInteger.valueOf(items.size()));
        }
        if (i.signum() < 0 || i.compareTo(BigInteger.valueOf(items.size())) >= 0) {
            throw new GuardFailure(Clause.GUARD_INDEX_RANGE);
        }
        return items.get(i.intValueExact());
    }

    private Object not(Sx operand, Subst s) {
        Object value;
        try {
            value = eval(operand, s);
        } catch (GuardFailure failure) {
            tracer.hit(Clause.GUARD_ERROR_UNDER_NOT);
            throw failure;
        }
        return !bool(value);
    }

    private Object connective(String head, Sx.Lst l, Subst s) {
        boolean left = bool(eval(l.get(1), s));
        if (left == head.equals("or")) {
            tracer.hit(Clause.GUARD_SHORT_CIRCUIT);
            return left;
        }
        return bool(eval(l.get(2), s));
    }

    private Object equality(String head, Object a, Object b) {
        if (a.getClass() != b.getClass() && !(a instanceof List && b instanceof List)) {
            tracer.hit(Clause.GUARD_EQUALITY_ACROSS_TYPES);
        } else if (a instanceof List) {
            tracer.hit(Clause.GUARD_LIST_EQUALITY);
        }
        return a.equals(b) == head.equals("==");
    }

    private static Object order(String head, Object a, Object b) {
        int c = integer(a, Clause.GUARD_ORDER_TYPE).compareTo(integer(b, Clause.GUARD_ORDER_TYPE));
        return switch (head) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static Object arithmetic(String head, Object a, Object b) {
        BigInteger x = integer(a, Clause.GUARD_ARITHMETIC_TYPE);
        BigInteger y = integer(b, Clause.GUARD_ARITHMETIC_TYPE);
        return switch (head) {
            case "+" -> x.add(y);
            case "-" -> x.subtract(y);
            case "*" -> x.multiply(y);
            default -> {
                if (y.signum() == 0) {
                    throw new GuardFailure(Clause.GUARD_DIVISION_BY_ZERO);
                }
                yield head.equals("/") ? x.divide(y) : x.remainder(y);
            }
        };
    }

    private static List<?> list(Object v, Clause otherwise) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new GuardFailure(otherwise);
    }

    private static BigInteger integer(Object v, Clause otherwise) {
        if (v instanceof BigInteger i) {
            return i;
        }
        throw new GuardFailure(otherwise);
    }

    private static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new GuardFailure(Clause.GUARD_BOOLEAN_TYPE);
    }
}
