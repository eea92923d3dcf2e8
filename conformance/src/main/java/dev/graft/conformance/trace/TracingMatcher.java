package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The algorithmic semantics of CORE-SPEC section 5, written to be read beside it
 * rather than to be fast, reporting each clause it takes. Exhaustion is an
 * exception: the semantics evaluates every reached position and lets
 * {@code Exhausted} anywhere win, which is what aborting at the first one gives.
 */
final class TracingMatcher {
    private final Map<String, Definition> definitions;
    private final Tracer tracer;
    private final Unfolder unfolder;
    private final Deque<String> bindingFunctions = new ArrayDeque<>();
    private final GuardEvaluator guards;
    private final long stepLimit;
    private long steps;

    TracingMatcher(Map<String, Definition> definitions, Tracer tracer, long stepLimit) {
        this.stepLimit = stepLimit;
        this.definitions = definitions;
        this.tracer = tracer;
        this.unfolder = new Unfolder(tracer);
        this.guards = new GuardEvaluator(tracer, bindingFunctions);
    }

    List<Subst> match(Sx p, Sx.Lst t, Subst s, long fuel) {
        List<Subst> results = step(p, t, s, fuel);
        steps += 1 + results.size();
        if (steps > stepLimit) {
            throw new CaseTooCostly(stepLimit);
        }
        return results;
    }

    private List<Subst> step(Sx p, Sx.Lst t, Subst s, long fuel) {
        if (p instanceof Sx.Atom) {
            tracer.construct("_");
            tracer.hit(Clause.WILDCARD);
            return List.of(s);
        }
        Sx.Lst l = (Sx.Lst) p;
        tracer.construct(l.head());
        return switch (l.head()) {
            case "var" -> variable(name(l, 1), t, s);
            case "op" -> operator(l, t, s, fuel);
            case "fvar" -> functionVariable(l, t, s, fuel);
            case "alt" -> alternation(l, t, s, fuel);
            case "and" -> conjunction(l, t, s, fuel);
            case "guard" -> guarded(l, t, s, fuel);
            case "exists" -> exists(l, t, s, fuel);
            case "existsf" -> existsFunction(l, t, s, fuel);
            default -> call(l, t, s, fuel);
        };
    }

    private List<Subst> variable(String x, Sx.Lst t, Subst s) {
        Sx bound = s.term(x);
        if (bound == null) {
            tracer.hit(Clause.VAR_UNBOUND);
            return List.of(s.withTerm(x, t));
        }
        tracer.hit(bound.equals(t) ? Clause.VAR_BOUND_EQUAL : Clause.VAR_BOUND_OTHER);
        return bound.equals(t) ? List.of(s) : List.of();
    }

    private List<Subst> operator(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        if (!name(l, 1).equals(name(t, 0))) {
            tracer.hit(Clause.OP_NAME_DIFFERS);
            return List.of();
        }
        if (l.size() != t.size()) {
            tracer.hit(Clause.OP_ARITY_DIFFERS);
            return List.of();
        }
        return children(l, t, s, fuel);
    }

    private List<Subst> functionVariable(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        if (l.size() != t.size()) {
            tracer.hit(Clause.FVAR_ARITY_DIFFERS);
            return List.of();
        }
        String f = name(l, 1);
        String op = name(t, 0);
        String bound = s.function(f);
        if (bound != null && !bound.equals(op)) {
            tracer.hit(Clause.FVAR_BOUND_OTHER);
            return List.of();
        }
        tracer.hit(bound == null ? Clause.FVAR_UNBOUND : Clause.FVAR_BOUND_SAME);
        bindingFunctions.push(f);
        try {
            return children(l, t, s.withFunction(f, op), fuel);
        } finally {
            bindingFunctions.pop();
        }
    }

    /** Pattern children from index 2 against term children from index 2, threading substitutions. */
    private List<Subst> children(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        if (l.size() == 2) {
            tracer.hit(Clause.OP_NULLARY);
            return List.of(s);
        }
        tracer.hit(Clause.OP_CHILDREN);
        List<Subst> current = List.of(s);
        for (int i = 2; i < l.size(); i++) {
            if (current.isEmpty()) {
                tracer.hit(Clause.OP_LATER_CHILD_SKIPPED);
                return current;
            }
            List<Subst> next = new ArrayList<>();
            for (Subst s1 : current) {
                try {
                    next.addAll(match(l.get(i), (Sx.Lst) t.get(i), s1, fuel));
                } catch (Exhausted e) {
                    if (i > 2) {
                        tracer.hit(Clause.EXHAUSTED_LATER_CHILD);
                    }
                    throw e;
                }
            }
            current = next;
        }
        return current;
    }

    private List<Subst> alternation(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        tracer.hit(Clause.ALT);
        List<Subst> out = new ArrayList<>();
        try {
            out.addAll(match(l.get(1), t, s, fuel));
        } catch (Exhausted e) {
            tracer.hit(Clause.EXHAUSTED_ALT_LEFT);
            throw e;
        }
        try {
            out.addAll(match(l.get(2), t, s, fuel));
        } catch (Exhausted e) {
            if (!out.isEmpty()) {
                tracer.hit(Clause.EXHAUSTED_ALT_RIGHT);
            }
            throw e;
        }
        return out;
    }

    private List<Subst> conjunction(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        List<Subst> left = match(l.get(1), t, s, fuel);
        if (left.isEmpty()) {
            tracer.hit(Clause.AND_LEFT_EMPTY);
            return left;
        }
        tracer.hit(Clause.AND_RIGHT_MATCHED);
        List<Subst> out = new ArrayList<>();
        for (Subst s1 : left) {
            try {
                out.addAll(match(l.get(2), t, s1, fuel));
            } catch (Exhausted e) {
                tracer.hit(Clause.EXHAUSTED_AND_RIGHT);
                throw e;
            }
        }
        return out;
    }

    private List<Subst> guarded(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        List<Subst> inner;
        try {
            inner = match(l.get(1), t, s, fuel);
        } catch (Exhausted e) {
            tracer.hit(Clause.EXHAUSTED_UNDER_GUARD);
            throw e;
        }
        return inner.stream().filter(s1 -> guards.passes(l.get(2), s1)).toList();
    }

    private List<Subst> exists(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        String x = name(l, 1);
        Sx saved = s.term(x);
        tracer.hit(saved == null ? Clause.EXISTS_UNBOUND : Clause.EXISTS_RESTORES_BOUND);
        return local(l, t, s.withTerm(x, null), fuel).stream().map(s1 -> s1.withTerm(x, saved)).toList();
    }

    private List<Subst> existsFunction(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        String f = name(l, 1);
        String saved = s.function(f);
        tracer.hit(saved == null ? Clause.EXISTSF_UNBOUND : Clause.EXISTSF_RESTORES_BOUND);
        return local(l, t, s.withFunction(f, null), fuel).stream().map(s1 -> s1.withFunction(f, saved)).toList();
    }

    private List<Subst> local(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        try {
            return match(l.get(2), t, s, fuel);
        } catch (Exhausted e) {
            tracer.hit(Clause.EXHAUSTED_UNDER_EXISTS);
            throw e;
        }
    }

    private List<Subst> call(Sx.Lst l, Sx.Lst t, Subst s, long fuel) {
        if (fuel == 0) {
            tracer.hit(Clause.CALL_FUEL_ZERO);
            throw new Exhausted();
        }
        tracer.hit(Clause.CALL_UNFOLDS);
        Sx body = unfolder.unfold(definitions.get(name(l, 1)), l.items().subList(2, l.size()));
        return match(body, t, s, fuel - 1);
    }

    private static String name(Sx.Lst l, int index) {
        return ((Sx.Atom) l.get(index)).text();
    }
}
