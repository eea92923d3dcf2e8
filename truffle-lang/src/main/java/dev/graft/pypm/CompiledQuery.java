package dev.graft.pypm;

import com.oracle.truffle.api.CallTarget;
import dev.graft.pypm.core.Answer;
import dev.graft.pypm.core.Substitution;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.runtime.ExhaustedException;
import dev.graft.pypm.runtime.Slot;
import dev.graft.pypm.runtime.Subst;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checked query with its definitions, as Truffle call targets. Thread-confined: use
 * one per thread (exists binders live in per-call activations, but the nodes specialize
 * as they run).
 */
public final class CompiledQuery {
    /**
     * The deepest nesting of calls a match may reach. Fuel bounds that nesting (each call
     * spends one unit, along each path), so running with at most this much fuel makes
     * runaway recursion end as Exhausted long before the stack of {@code graft core}'s
     * matching thread runs out; a smaller stack still ends as Exhausted, through the
     * StackOverflowError caught below. By fuel monotonicity (CORE-SPEC 7.3), any answer
     * other than Exhausted is the answer for the full fuel.
     */
    public static final long MAX_CALL_DEPTH = 100_000;

    private final CallTarget target;
    private final Map<String, Slot> termVariables;
    private final Map<String, Slot> functionVariables;

    CompiledQuery(CallTarget target, Map<String, Slot> termVariables, Map<String, Slot> functionVariables) {
        this.target = target;
        this.termVariables = termVariables;
        this.functionVariables = functionVariables;
    }

    /**
     * {@code M_fuel(query, term, {})}: the matches in the order of CORE-SPEC section 5, or
     * Exhausted. Recursion deeper than {@link #MAX_CALL_DEPTH} or than the Java stack can
     * hold is reported as Exhausted too: fuel bounds the nesting of calls, so this is the
     * fuel the machine affords.
     */
    public Answer match(Term term, long fuel) {
        List<?> results;
        try {
            results = (List<?>) target.call(term, Math.min(fuel, MAX_CALL_DEPTH));
        } catch (ExhaustedException | StackOverflowError e) {
            return new Answer.Exhausted();
        }
        List<Substitution> out = new ArrayList<>(results.size());
        for (Object result : results) {
            out.add(substitution((Subst) result));
        }
        return new Answer.Ok(out);
    }

    private Substitution substitution(Subst s) {
        if (termVariables.isEmpty() && functionVariables.isEmpty()) {
            return Substitution.EMPTY;
        }
        return new Substitution(bound(s, termVariables), bound(s, functionVariables));
    }

    /** The bindings of the query's variables of one kind in s, by name. */
    @SuppressWarnings("unchecked")
    private static <T> TreeMap<String, T> bound(Subst s, Map<String, Slot> variables) {
        TreeMap<String, T> out = new TreeMap<>();
        variables.forEach((name, slot) -> {
            Object value = s.lookup(slot);
            if (value != null) {
                out.put(name, (T) value);
            }
        });
        return out;
    }
}
