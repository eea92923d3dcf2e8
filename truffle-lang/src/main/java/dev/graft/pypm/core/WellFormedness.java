package dev.graft.pypm.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The well-formedness check of CORE-SPEC section 2, run before any matching on every
 * definition (used or not) and on the query. The first problem found is thrown as an
 * {@link IllFormedException} naming the definition (or the query) and the construct.
 */
public final class WellFormedness {
    private final Map<String, Definition> byName = new LinkedHashMap<>();
    /** The definition being checked, or null for the query. */
    private String owner;
    /** Whether free variables are errors: in bodies yes, in the query no. */
    private boolean closed;
    private final Deque<String> termScope = new ArrayDeque<>();
    private final Deque<String> funScope = new ArrayDeque<>();

    private WellFormedness() {
    }

    /**
     * Checks the definitions and the query, and returns the definitions by name.
     *
     * @throws IllFormedException for the first rule broken
     */
    public static Map<String, Definition> check(List<Definition> definitions, Pattern query) {
        WellFormedness checker = new WellFormedness();
        for (Definition d : definitions) {
            if (checker.byName.putIfAbsent(d.name(), d) != null) {
                throw new IllFormedException(d.name(), "defined twice");
            }
            Set<String> params = new HashSet<>();
            for (String x : d.params()) {
                if (!params.add(x)) {
                    throw new IllFormedException(d.name(), "parameter " + x + " appears twice");
                }
            }
        }
        for (Definition d : definitions) {
            checker.scopes(d.name(), true, d.params());
            checker.walk(d.body());
        }
        checker.scopes(null, false, List.of());
        checker.walk(query);
        Map<String, boolean[]> guardUsed = GuardUse.of(checker.byName);
        for (Definition d : definitions) {
            checker.guardArguments(d.name(), d.body(), guardUsed);
        }
        checker.guardArguments(null, query, guardUsed);
        return checker.byName;
    }

    private void scopes(String definition, boolean closedScope, List<String> params) {
        owner = definition;
        closed = closedScope;
        termScope.clear();
        funScope.clear();
        params.forEach(termScope::push);
    }

    private void walk(Pattern p) {
        switch (p) {
            case Pattern.Wildcard w -> { }
            case Pattern.Var v -> termVariable(v.name(), "variable");
            case Pattern.OpPattern o -> o.args().forEach(this::walk);
            case Pattern.FunVar f -> {
                functionVariable(f.name(), "function variable pattern");
                f.args().forEach(this::walk);
            }
            case Pattern.Alt a -> {
                walk(a.left());
                walk(a.right());
            }
            case Pattern.And a -> {
                walk(a.left());
                walk(a.right());
            }
            case Pattern.Guarded g -> {
                walk(g.pattern());
                GuardVariables.termVariables(g.guard()).forEach(x -> termVariable(x, "guard"));
                GuardVariables.functionVariables(g.guard()).forEach(f -> functionVariable(f, "guard"));
            }
            case Pattern.Exists e -> {
                termScope.push(e.var());
                walk(e.body());
                termScope.pop();
            }
            case Pattern.ExistsFun e -> {
                funScope.push(e.funVar());
                walk(e.body());
                funScope.pop();
            }
            case Pattern.Call c -> {
                Definition callee = byName.get(c.definition());
                if (callee == null) {
                    throw new IllFormedException(owner, "call of unknown definition " + c.definition());
                }
                if (callee.params().size() != c.args().size()) {
                    throw new IllFormedException(owner, "call of " + c.definition() + " with "
                            + c.args().size() + " argument(s); it takes " + callee.params().size());
                }
                c.args().forEach(this::walk);
            }
        }
    }

    private void termVariable(String x, String where) {
        if (closed && !termScope.contains(x)) {
            throw new IllFormedException(owner, "free term variable " + x + " in " + where
                    + " (not a parameter and not bound by an enclosing exists)");
        }
    }

    private void functionVariable(String f, String where) {
        if (closed && !funScope.contains(f)) {
            throw new IllFormedException(owner, "free function variable ?" + f + " in " + where
                    + " (a body must bind it with exists ?" + f + ")");
        }
    }

    /** Every call passes a bare term variable for each guard-used parameter. */
    private void guardArguments(String where, Pattern p, Map<String, boolean[]> guardUsed) {
        switch (p) {
            case Pattern.Wildcard w -> { }
            case Pattern.Var v -> { }
            case Pattern.OpPattern o -> o.args().forEach(a -> guardArguments(where, a, guardUsed));
            case Pattern.FunVar f -> f.args().forEach(a -> guardArguments(where, a, guardUsed));
            case Pattern.Alt a -> {
                guardArguments(where, a.left(), guardUsed);
                guardArguments(where, a.right(), guardUsed);
            }
            case Pattern.And a -> {
                guardArguments(where, a.left(), guardUsed);
                guardArguments(where, a.right(), guardUsed);
            }
            case Pattern.Guarded g -> guardArguments(where, g.pattern(), guardUsed);
            case Pattern.Exists e -> guardArguments(where, e.body(), guardUsed);
            case Pattern.ExistsFun e -> guardArguments(where, e.body(), guardUsed);
            case Pattern.Call c -> {
                boolean[] used = guardUsed.get(c.definition());
                for (int i = 0; i < used.length; i++) {
                    if (used[i] && !(c.args().get(i) instanceof Pattern.Var)) {
                        throw new IllFormedException(where, "call of " + c.definition() + " passes "
                                + c.args().get(i) + " for parameter "
                                + byName.get(c.definition()).params().get(i)
                                + ", which a guard uses; pass a term variable");
                    }
                }
                c.args().forEach(a -> guardArguments(where, a, guardUsed));
            }
        }
    }
}
