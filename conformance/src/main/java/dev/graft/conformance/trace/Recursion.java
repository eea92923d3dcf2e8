package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether a definition is recursive, and if so whether every cycle through it
 * passes under an operator or function-variable pattern (guarded, so fuel
 * proportional to the term suffices, CORE-SPEC section 7.4) or some cycle does
 * not (unguarded, so it can exhaust any fuel).
 */
enum Recursion {
    NONE, GUARDED, UNGUARDED;

    static Recursion of(Definition d, Map<String, Definition> definitions) {
        if (!reaches(d.name(), d.name(), definitions, false)) {
            return NONE;
        }
        return reaches(d.name(), d.name(), definitions, true) ? UNGUARDED : GUARDED;
    }

    private static boolean reaches(String from, String target, Map<String, Definition> definitions,
                                   boolean unguardedOnly) {
        Set<String> seen = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        work.push(from);
        while (!work.isEmpty()) {
            Definition d = definitions.get(work.pop());
            if (d == null || !seen.add(d.name())) {
                continue;
            }
            Set<String> next = new HashSet<>();
            callees(d.body(), false, unguardedOnly, next);
            if (next.contains(target)) {
                return true;
            }
            next.forEach(work::push);
        }
        return false;
    }

    private static void callees(Sx p, boolean underConstructor, boolean unguardedOnly, Set<String> out) {
        if (!(p instanceof Sx.Lst l)) {
            return;
        }
        if ("call".equals(l.head()) && !(unguardedOnly && underConstructor)) {
            out.add(((Sx.Atom) l.get(1)).text());
        }
        boolean inner = underConstructor || "op".equals(l.head()) || "fvar".equals(l.head());
        Patterns.children(p).forEach(c -> callees(c, inner, unguardedOnly, out));
    }
}
