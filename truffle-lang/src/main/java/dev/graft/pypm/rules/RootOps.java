package dev.graft.pypm.rules;

import dev.graft.pypm.core.Definition;
import dev.graft.pypm.core.Pattern;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The op names a pattern's root can match, so the engine tries a rule only at nodes
 * of those ops. {@code null} means any op: a variable, a wildcard, a function variable
 * or a recursion reached again.
 */
final class RootOps {
    private final Map<String, Definition> definitions;
    private final Set<String> entered = new HashSet<>();

    private RootOps(Map<String, Definition> definitions) {
        this.definitions = definitions;
    }

    static Set<String> of(Pattern p, Map<String, Definition> definitions) {
        Set<String> ops = new RootOps(definitions).roots(p);
        return ops == null ? null : Set.copyOf(ops);
    }

    private Set<String> roots(Pattern p) {
        return switch (p) {
            case Pattern.OpPattern o -> Set.of(o.op());
            case Pattern.Alt a -> union(roots(a.left()), roots(a.right()));
            case Pattern.And a -> intersection(roots(a.left()), roots(a.right()));
            case Pattern.Guarded g -> roots(g.pattern());
            case Pattern.Exists e -> roots(e.body());
            case Pattern.ExistsFun e -> roots(e.body());
            case Pattern.Call c -> call(c);
            case Pattern.Var v -> null;
            case Pattern.Wildcard w -> null;
            case Pattern.FunVar f -> null;
        };
    }

    /**
     * A call's roots are its body's; the arguments do not matter, because a parameter
     * at the root of a body reads as "any op" (a sound over-approximation).
     */
    private Set<String> call(Pattern.Call c) {
        if (!entered.add(c.definition())) {
            return null;
        }
        try {
            return roots(definitions.get(c.definition()).body());
        } finally {
            entered.remove(c.definition());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        if (a == null || b == null) {
            return null;
        }
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        Set<String> out = new HashSet<>(a);
        out.retainAll(b);
        return out;
    }
}
