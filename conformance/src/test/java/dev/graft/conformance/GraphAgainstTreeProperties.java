package dev.graft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.conformance.gen.CaseGenerator;
import dev.graft.conformance.trace.CaseTooCostly;
import dev.graft.conformance.trace.ClauseTracer;
import dev.graft.conformance.trace.Coverage;
import dev.graft.pypm.CompiledQuery;
import dev.graft.pypm.Matcher;
import dev.graft.pypm.core.IllFormedException;
import dev.graft.pypm.core.MalformedRequestException;
import dev.graft.pypm.core.Request;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.TreeTerm;
import dev.graft.pypm.core.WireReader;
import dev.graft.pypm.core.WireWriter;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * CORE-SPEC section 1: a graph means the tree it unfolds to. For generated
 * conformance requests, the Truffle matcher must give the same answer on the term
 * as read (a tree: every node its own object) and on the same term with every
 * repeated subterm made one shared object (a graph, the way the engine's graphs
 * reach the matcher). The generator reuses subterms, so most terms share.
 */
class GraphAgainstTreeProperties {

    @Property(tries = 400)
    void aGraphMatchesLikeTheTreeItUnfoldsTo(@ForAll long seed, @ForAll @IntRange(min = 2, max = 12) int size) {
        String line = new CaseGenerator(seed, size).generate(0, 0);
        Request request;
        CompiledQuery query;
        try {
            new ClauseTracer(new Coverage()).answer(line);
            request = WireReader.request(line);
            query = Matcher.compile(request.definitions(), request.query());
        } catch (CaseTooCostly | MalformedRequestException | IllFormedException e) {
            Assume.that(false);
            return;
        }
        Term graph = shareRepeats(request.term(), new HashMap<>());
        assertEquals(WireWriter.answer(query.match(request.term(), request.fuel())),
                WireWriter.answer(query.match(graph, request.fuel())), line);
    }

    @Test
    void sharingMakesRepeatedSubtermsOneObject() {
        Term tree = WireReader.term("(add () (mul () (a ()) (a ())) (mul () (a ()) (a ())))");
        Term graph = shareRepeats(tree, new HashMap<>());
        assertTrue(graph.child(0) == graph.child(1) && graph.child(0).child(0) == graph.child(0).child(1));
        assertEquals(7, objects(tree, Collections.newSetFromMap(new IdentityHashMap<>())));
        assertEquals(3, objects(graph, Collections.newSetFromMap(new IdentityHashMap<>())));
        assertEquals(tree, graph);
    }

    /** The term with structurally equal subterms made one object, bottom-up. */
    private static Term shareRepeats(Term t, Map<Term, Term> seen) {
        Term[] children = new Term[t.arity()];
        for (int i = 0; i < children.length; i++) {
            children[i] = shareRepeats(t.child(i), seen);
        }
        return seen.computeIfAbsent(TreeTerm.of(t.op(), t.attributes(), children), k -> k);
    }

    private static int objects(Term t, Set<Term> seen) {
        if (!seen.add(t)) {
            return 0;
        }
        int n = 1;
        for (int i = 0; i < t.arity(); i++) {
            n += objects(t.child(i), seen);
        }
        return n;
    }
}
