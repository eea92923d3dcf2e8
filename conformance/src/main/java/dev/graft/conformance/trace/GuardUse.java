package dev.graft.conformance.trace;

import dev.graft.conformance.sx.Sx;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which parameters are guard-used (CORE-SPEC section 2): named by a guard of the
 * body where no exists shadows them, or passed as a bare variable to a
 * guard-used parameter of a call, to a fixed point.
 */
final class GuardUse {
    private final Set<String> used = new HashSet<>();

    GuardUse(Map<String, Definition> definitions) {
        for (Definition d : definitions.values()) {
            for (int i = 0; i < d.params().size(); i++) {
                if (Patterns.guardReads(d.body(), d.params().get(i)) > 0) {
                    used.add(key(d.name(), i));
                }
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Definition d : definitions.values()) {
                for (int i = 0; i < d.params().size(); i++) {
                    if (!used.contains(key(d.name(), i))
                            && passesToGuardUse(d.body(), d.params().get(i), definitions)) {
                        used.add(key(d.name(), i));
                        changed = true;
                    }
                }
            }
        }
    }

    boolean isGuardUsed(String definition, int param) {
        return used.contains(key(definition, param));
    }

    private static String key(String definition, int param) {
        return definition + "#" + param;
    }

    private boolean passesToGuardUse(Sx p, String x, Map<String, Definition> definitions) {
        if (!(p instanceof Sx.Lst l)) {
            return false;
        }
        if ("exists".equals(l.head()) && ((Sx.Atom) l.get(1)).text().equals(x)) {
            return false;
        }
        if ("call".equals(l.head()) && definitions.get(((Sx.Atom) l.get(1)).text()) instanceof Definition callee
                && callee.params().size() == l.size() - 2) {
            for (int j = 0; j < callee.params().size(); j++) {
                if (l.get(j + 2).equals(Sx.list(Sx.atom("var"), Sx.atom(x))) && isGuardUsed(callee.name(), j)) {
                    return true;
                }
            }
        }
        return Patterns.children(p).stream().anyMatch(c -> passesToGuardUse(c, x, definitions));
    }
}
