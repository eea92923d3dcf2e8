package dev.graft.pypm;

import com.oracle.truffle.api.CallTarget;
import dev.graft.pypm.core.Answer;
import dev.graft.pypm.core.Substitution;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.WireBuffer;
import dev.graft.pypm.core.WireWriter;
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

    /** Beyond this many results, the list that held them is not kept for the next match. */
    private static final int KEPT_CAPACITY = 4096;

    private final CallTarget target;
    /** The query's term variables and function variables, each sorted by name: the order answers list them in. */
    private final SortedVariables termVariables;
    private final SortedVariables functionVariables;
    /** The answer being written's results, for copying repeated ones. */
    private final ResultTexts resultTexts;
    /** The last match's results, reused by the next: one list grown to size instead of one per match. */
    private ArrayList<Subst> matches = new ArrayList<>();

    CompiledQuery(CallTarget target, Map<String, Slot> termVariables, Map<String, Slot> functionVariables) {
        this.target = target;
        this.termVariables = new SortedVariables(termVariables);
        this.functionVariables = new SortedVariables(functionVariables);
        this.resultTexts = new ResultTexts(this.termVariables, this.functionVariables);
    }

    /**
     * {@code M_fuel(query, term, {})}: the matches in the order of CORE-SPEC section 5, or
     * Exhausted. Recursion deeper than {@link #MAX_CALL_DEPTH} or than the Java stack can
     * hold is reported as Exhausted too: fuel bounds the nesting of calls, so this is the
     * fuel the machine affords.
     */
    public Answer match(Term term, long fuel) {
        List<Subst> results = run(term, fuel);
        if (results == null) {
            return new Answer.Exhausted();
        }
        List<Substitution> out = new ArrayList<>(results.size());
        for (Subst result : results) {
            out.add(substitution(result));
        }
        return new Answer.Ok(out);
    }

    /**
     * How many results {@link #match} has, or -1 when it is Exhausted: the matching alone,
     * with no answer made, for {@code graft bench core}.
     */
    public int resultCount(Term term, long fuel) {
        List<Subst> results = run(term, fuel);
        return results == null ? -1 : results.size();
    }

    /**
     * {@link #match}, written as its answer line straight from the matcher's bindings,
     * with no {@link Substitution} in between: what core mode does for every request.
     */
    public void writeAnswer(Term term, long fuel, WireBuffer out) {
        List<Subst> results = run(term, fuel);
        if (results == null) {
            WireWriter.answer(new Answer.Exhausted(), out);
            return;
        }
        resultTexts.clear();
        out.append(WireWriter.OK_OPEN);
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                out.append(' ');
            }
            resultTexts.write(results.get(i), out);
        }
        out.append(WireWriter.OK_CLOSE);
    }

    /** The results, or null when the match is Exhausted; valid until the next match. */
    private List<Subst> run(Term term, long fuel) {
        if (matches.size() > KEPT_CAPACITY) {
            matches = new ArrayList<>();
        }
        matches.clear();
        try {
            return target.call(term, Math.min(fuel, MAX_CALL_DEPTH), matches) == Boolean.TRUE ? matches : null;
        } catch (StackOverflowError e) {
            return null;
        }
    }

    private Substitution substitution(Subst s) {
        if (termVariables.size() == 0 && functionVariables.size() == 0) {
            return Substitution.EMPTY;
        }
        return new Substitution(bound(s, termVariables), bound(s, functionVariables));
    }

    /** The bindings of the query's variables of one kind in s, by name. */
    @SuppressWarnings("unchecked")
    private static <T> TreeMap<String, T> bound(Subst s, SortedVariables variables) {
        TreeMap<String, T> out = new TreeMap<>();
        for (int i = 0; i < variables.size(); i++) {
            Object value = s.lookup(variables.slot(i));
            if (value != null) {
                out.put(variables.name(i), (T) value);
            }
        }
        return out;
    }
}
