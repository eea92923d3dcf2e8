package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed request line into a {@link CheckedRequest}, or rejects it with
 * the clause that says why: the form checks of section 8, then the
 * well-formedness of section 2 for every definition and for the query.
 */
final class RequestChecker {
    private final Tracer tracer;

    RequestChecker(Tracer tracer) {
        this.tracer = tracer;
    }

    CheckedRequest check(Sx request) {
        if (!(request instanceof Sx.Lst l) || l.size() != 5 || !"match".equals(l.head())) {
            throw WireForms.malformed("expected (match defs pattern term FUEL)");
        }
        Map<String, Definition> definitions = definitions(l.get(1));
        WireForms.pattern(l.get(2));
        Sx term = new WireForms(tracer).term(l.get(3));
        long fuel = fuel(l.get(4));
        GuardUse guardUse = new GuardUse(definitions);
        for (Definition d : definitions.values()) {
            Set<String> scope = new HashSet<>(d.params());
            checkBody(d.body(), scope, new HashSet<>(), d.name());
            checkCalls(d.body(), definitions, guardUse);
        }
        checkCalls(l.get(2), definitions, guardUse);
        classifyRecursion(definitions);
        return new CheckedRequest(definitions, l.get(2), term, fuel);
    }

    private static long fuel(Sx x) {
        if (!WireForms.isInteger(x) || ((Sx.Atom) x).text().startsWith("-")) {
            throw WireForms.malformed("fuel must be a non-negative integer, got " + x);
        }
        BigInteger fuel = new BigInteger(((Sx.Atom) x).text());
        return fuel.bitLength() < 63 ? fuel.longValueExact() : Long.MAX_VALUE;
    }

    private static Map<String, Definition> definitions(Sx x) {
        if (!(x instanceof Sx.Lst defs)) {
            throw WireForms.malformed("expected a list of definitions, got " + x);
        }
        Map<String, Definition> byName = new LinkedHashMap<>();
        for (Sx item : defs.items()) {
            if (!(item instanceof Sx.Lst d) || d.size() != 4 || !"def".equals(d.head())
                    || !(d.get(2) instanceof Sx.Lst params)) {
                throw WireForms.malformed("expected (def NAME (x ...) pattern), got " + item);
            }
            String name = WireForms.identifier(d.get(1), "def");
            List<String> names = new ArrayList<>();
            for (Sx p : params.items()) {
                names.add(WireForms.identifier(p, "the parameters of " + name));
            }
            WireForms.pattern(d.get(3));
            if (byName.put(name, new Definition(name, List.copyOf(names), d.get(3))) != null) {
                throw new Rejected(Clause.ILL_FORMED_DUPLICATE_DEFINITION, "duplicate definition " + name);
            }
            if (new HashSet<>(names).size() != names.size()) {
                throw new Rejected(Clause.ILL_FORMED_DUPLICATE_PARAMETER, "duplicate parameter in " + name);
            }
        }
        return byName;
    }

    /** Every variable of a body is a parameter or bound by an enclosing exists. */
    private static void checkBody(Sx p, Set<String> terms, Set<String> functions, String def) {
        if (!(p instanceof Sx.Lst l)) {
            return;
        }
        switch (l.head()) {
            case "var" -> inScope(l.get(1), terms, def);
            case "fvar" -> {
                inScope(l.get(1), functions, def);
                l.items().subList(2, l.size()).forEach(c -> checkBody(c, terms, functions, def));
            }
            case "exists", "existsf" -> {
                Set<String> inner = new HashSet<>(l.head().equals("exists") ? terms : functions);
                inner.add(((Sx.Atom) l.get(1)).text());
                if (l.head().equals("exists")) {
                    checkBody(l.get(2), inner, functions, def);
                } else {
                    checkBody(l.get(2), terms, inner, def);
                }
            }
            case "guard" -> {
                checkBody(l.get(1), terms, functions, def);
                checkGuard(l.get(2), terms, functions, def);
            }
            default -> l.items().subList(l.head().equals("alt") || l.head().equals("and") ? 1 : 2, l.size())
                    .forEach(c -> checkBody(c, terms, functions, def));
        }
    }

    private static void checkGuard(Sx g, Set<String> terms, Set<String> functions, String def) {
        if (!(g instanceof Sx.Lst l)) {
            return;
        }
        switch (l.head()) {
            case "opof", "attr", "arity" -> inScope(l.get(1), terms, def);
            case "fname" -> inScope(l.get(1), functions, def);
            default -> l.items().subList(1, l.size()).forEach(c -> checkGuard(c, terms, functions, def));
        }
    }

    private static void inScope(Sx name, Set<String> scope, String def) {
        if (!scope.contains(((Sx.Atom) name).text())) {
            throw new Rejected(Clause.ILL_FORMED_FREE_VARIABLE, "free variable " + name + " in the body of " + def);
        }
    }

    /** Every call names a definition, passes the right number of arguments, and a variable where a guard needs one. */
    private static void checkCalls(Sx p, Map<String, Definition> definitions, GuardUse guardUse) {
        Patterns.calls(p, call -> {
            String name = ((Sx.Atom) call.get(1)).text();
            Definition d = definitions.get(name);
            if (d == null) {
                throw new Rejected(Clause.ILL_FORMED_UNKNOWN_DEFINITION, "unknown definition " + name);
            }
            if (call.size() - 2 != d.params().size()) {
                throw new Rejected(Clause.ILL_FORMED_ARGUMENT_COUNT,
                        name + " takes " + d.params().size() + " arguments, got " + (call.size() - 2));
            }
            for (int i = 0; i < d.params().size(); i++) {
                Sx arg = call.get(i + 2);
                if (guardUse.isGuardUsed(name, i) && !(arg instanceof Sx.Lst a && "var".equals(a.head()))) {
                    throw new Rejected(Clause.ILL_FORMED_GUARD_USED_NOT_VARIABLE,
                            "parameter " + d.params().get(i) + " of " + name + " is read by a guard: pass a variable");
                }
            }
        });
    }

    private void classifyRecursion(Map<String, Definition> definitions) {
        for (Definition d : definitions.values()) {
            Recursion recursion = Recursion.of(d, definitions);
            if (recursion == Recursion.GUARDED) {
                tracer.hit(Clause.DEFS_RECURSIVE_GUARDED);
            } else if (recursion == Recursion.UNGUARDED) {
                tracer.hit(Clause.DEFS_RECURSIVE_UNGUARDED);
            }
        }
    }
}
