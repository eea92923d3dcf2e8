package dev.graft.conformance.shrink;

import dev.graft.conformance.sx.Sx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one-step reductions of a request, biggest first. They are structural and
 * know nothing of the grammar: drop a list element, replace a list by one of its
 * elements or by {@code _}, bring an integer toward zero, empty a string. That
 * covers the term, the pattern, the definitions and the fuel alike; a reduction
 * that breaks the request is simply one that no longer fails the same way.
 */
final class Candidates {
    private static final Sx WILDCARD = Sx.atom("_");

    private Candidates() {
    }

    static List<Sx> of(Sx root) {
        Set<Sx> out = new LinkedHashSet<>();
        List<List<Integer>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        paths.sort((a, b) -> Integer.compare(a.size(), b.size()));
        for (List<Integer> path : paths) {
            for (Sx replacement : reductions(at(root, path), path.isEmpty())) {
                out.add(replace(root, path, 0, replacement));
            }
            if (!path.isEmpty() && path.get(path.size() - 1) > 0) {
                out.add(delete(root, path, 0));
            }
        }
        out.remove(root);
        return new ArrayList<>(out);
    }

    private static void collect(Sx x, List<Integer> path, List<List<Integer>> paths) {
        paths.add(List.copyOf(path));
        if (x instanceof Sx.Lst l) {
            for (int i = 0; i < l.size(); i++) {
                path.add(i);
                collect(l.get(i), path, paths);
                path.remove(path.size() - 1);
            }
        }
    }

    private static List<Sx> reductions(Sx x, boolean isRoot) {
        List<Sx> out = new ArrayList<>();
        switch (x) {
            case Sx.Lst l when !isRoot -> {
                out.add(WILDCARD);
                l.items().stream().filter(c -> c instanceof Sx.Lst).forEach(out::add);
            }
            case Sx.Atom a when a.text().matches("-?[0-9]+") -> {
                BigInteger n = new BigInteger(a.text());
                if (n.signum() != 0) {
                    out.add(Sx.atom("0"));
                    out.add(Sx.atom(n.shiftRight(1).toString()));
                    out.add(Sx.atom(n.subtract(BigInteger.valueOf(n.signum())).toString()));
                }
            }
            case Sx.Str s when !s.value().isEmpty() -> out.add(Sx.str(""));
            default -> {
            }
        }
        return out;
    }

    private static Sx at(Sx root, List<Integer> path) {
        Sx x = root;
        for (int i : path) {
            x = ((Sx.Lst) x).get(i);
        }
        return x;
    }

    private static Sx replace(Sx x, List<Integer> path, int depth, Sx replacement) {
        if (depth == path.size()) {
            return replacement;
        }
        List<Sx> items = new ArrayList<>(((Sx.Lst) x).items());
        int i = path.get(depth);
        items.set(i, replace(items.get(i), path, depth + 1, replacement));
        return Sx.list(items);
    }

    private static Sx delete(Sx x, List<Integer> path, int depth) {
        List<Sx> items = new ArrayList<>(((Sx.Lst) x).items());
        int i = path.get(depth);
        if (depth == path.size() - 1) {
            items.remove(i);
        } else {
            items.set(i, delete(items.get(i), path, depth + 1));
        }
        return Sx.list(items);
    }
}
