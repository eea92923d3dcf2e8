package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape checks of the wire format (CORE-SPEC section 8) for terms, values,
 * patterns and guards. Terms come back normalized (attributes sorted by name,
 * integers canonical) so that structural equality is {@code equals} on
 * {@link Sx}; a term also reports through the tracer whether its attributes came
 * unsorted or held a list.
 */
final class WireForms {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.']*");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Set<String> BINARY_GUARDS = Set.of(
            "index", "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or");

    private final Tracer tracer;

    WireForms(Tracer tracer) {
        this.tracer = tracer;
    }

    static boolean isInteger(Sx x) {
        return x instanceof Sx.Atom a && INTEGER.matcher(a.text()).matches();
    }

    static String identifier(Sx x, String where) {
        if (x instanceof Sx.Atom a && IDENTIFIER.matcher(a.text()).matches()) {
            return a.text();
        }
        throw malformed("expected an identifier in " + where + ", got " + x);
    }

    static Rejected malformed(String message) {
        return new Rejected(Clause.MALFORMED_FORM, message);
    }

    Sx term(Sx x) {
        if (!(x instanceof Sx.Lst l) || l.size() < 2 || !(l.get(1) instanceof Sx.Lst attributes)) {
            throw malformed("expected a term (OP (attributes) children...), got " + x);
        }
        String op = identifier(l.get(0), "a term's operator");
        List<Sx.Lst> pairs = new ArrayList<>();
        for (Sx item : attributes.items()) {
            if (!(item instanceof Sx.Lst pair) || pair.size() != 2) {
                throw malformed("expected an attribute (name value), got " + item);
            }
            String name = identifier(pair.get(0), "an attribute name");
            Sx value = value(pair.get(1));
            if (value instanceof Sx.Lst) {
                tracer.hit(Clause.TERM_LIST_ATTRIBUTE);
            }
            pairs.add(Sx.list(Sx.atom(name), value));
        }
        List<Sx.Lst> sorted = new ArrayList<>(pairs);
        sorted.sort((a, b) -> a.head().compareTo(b.head()));
        if (!sorted.equals(pairs)) {
            tracer.hit(Clause.TERM_ATTRIBUTES_UNSORTED);
        }
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).head().equals(sorted.get(i - 1).head())) {
                throw new Rejected(Clause.MALFORMED_DUPLICATE_ATTRIBUTE, "duplicate attribute " + sorted.get(i).head());
            }
        }
        List<Sx> out = new ArrayList<>();
        out.add(Sx.atom(op));
        out.add(Sx.list(sorted));
        for (int i = 2; i < l.size(); i++) {
            out.add(term(l.get(i)));
        }
        return Sx.list(out);
    }

    static Sx value(Sx x) {
        if (isInteger(x)) {
            return Sx.atom(new BigInteger(((Sx.Atom) x).text()).toString());
        }
        if (x instanceof Sx.Str) {
            return x;
        }
        if (x instanceof Sx.Lst l && "list".equals(l.head())) {
            List<Sx> out = new ArrayList<>();
            out.add(l.get(0));
            for (int i = 1; i < l.size(); i++) {
                out.add(value(l.get(i)));
            }
            return Sx.list(out);
        }
        throw malformed("expected a value, got " + x);
    }

    static void pattern(Sx x) {
        if (x instanceof Sx.Atom a && a.text().equals("_")) {
            return;
        }
        if (!(x instanceof Sx.Lst l) || l.head() == null) {
            throw malformed("expected a pattern, got " + x);
        }
        switch (l.head()) {
            case "var" -> {
                arity(l, 2);
                identifier(l.get(1), "var");
            }
            case "op", "fvar", "call" -> {
                atLeast(l, 2);
                identifier(l.get(1), l.head());
                l.items().subList(2, l.size()).forEach(WireForms::pattern);
            }
            case "alt", "and" -> {
                arity(l, 3);
                pattern(l.get(1));
                pattern(l.get(2));
            }
            case "guard" -> {
                arity(l, 3);
                pattern(l.get(1));
                guard(l.get(2));
            }
            case "exists", "existsf" -> {
                arity(l, 3);
                identifier(l.get(1), l.head());
                pattern(l.get(2));
            }
            default -> throw malformed("unknown pattern form " + l.head());
        }
    }

    static void guard(Sx x) {
        if (x instanceof Sx.Str || isInteger(x)
                || x instanceof Sx.Atom a && (a.text().equals("true") || a.text().equals("false"))) {
            return;
        }
        if (!(x instanceof Sx.Lst l) || l.head() == null) {
            throw malformed("expected a guard, got " + x);
        }
        String head = l.head();
        switch (head) {
            case "list" -> l.items().subList(1, l.size()).forEach(WireForms::guard);
            case "opof", "arity", "fname" -> {
                arity(l, 2);
                identifier(l.get(1), head);
            }
            case "attr" -> {
                arity(l, 3);
                identifier(l.get(1), head);
                if (!(l.get(2) instanceof Sx.Str)) {
                    throw malformed("attr takes a string name, got " + l.get(2));
                }
            }
            case "len", "not" -> {
                arity(l, 2);
                guard(l.get(1));
            }
            default -> {
                if (!BINARY_GUARDS.contains(head)) {
                    throw malformed("unknown guard form " + head);
                }
                arity(l, 3);
                guard(l.get(1));
                guard(l.get(2));
            }
        }
    }

    private static void arity(Sx.Lst l, int size) {
        if (l.size() != size) {
            throw malformed(l.head() + " takes " + (size - 1) + " operands: " + l);
        }
    }

    private static void atLeast(Sx.Lst l, int size) {
        if (l.size() < size) {
            throw malformed(l.head() + " needs a name: " + l);
        }
    }
}
