package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayList;
import java.util.List;

/**
 * Patterns, either derived from a term so that they match it (then perturbed
 * here and there, so a share fails late), or random. Every pattern form of
 * CORE-SPEC section 2 can appear in both; names come from small pools shared by
 * queries and definition bodies, so nonlinear bindings, shadowing and would-be
 * captures happen by themselves.
 */
final class PatternGenerator {
    private static final Sx WILDCARD = Sx.atom("_");

    private final Dice dice;
    private final GuardGenerator guards;

    PatternGenerator(Dice dice, GuardGenerator guards) {
        this.dice = dice;
        this.guards = guards;
    }

    /** A pattern meant to match {@code t}, of about {@code budget} nodes. */
    Sx derive(Sx.Lst t, Scope scope, int budget) {
        if (dice.chance(0.08)) {
            return random(scope, Math.min(budget, 4));
        }
        if (budget <= 1) {
            return dice.chance(0.5) || scope.terms().isEmpty() ? WILDCARD : var(scope);
        }
        return switch (dice.weighted(1, 3, 7, 2, 1, 2, 3, 2, 1, 2)) {
            case 0 -> WILDCARD;
            case 1 -> scope.terms().isEmpty() ? WILDCARD : var(scope);
            case 2 -> form("op", op(t), deriveChildren(t, scope, budget));
            case 3 -> functionVariable(t, scope, budget);
            case 4 -> Sx.list(Sx.atom("and"), derive(t, scope, budget / 2), derive(t, scope, budget / 2));
            case 5 -> alternation(derive(t, scope, budget / 2), random(scope, budget / 2));
            case 6 -> guarded(t, scope, budget);
            case 7 -> {
                String x = dice.pick(Scope.QUERY_TERMS);
                yield Sx.list(Sx.atom("exists"), Sx.atom(x), derive(t, scope.withTerm(x), budget - 1));
            }
            case 8 -> {
                String f = dice.pick(Scope.QUERY_FUNCTIONS);
                yield Sx.list(Sx.atom("existsf"), Sx.atom(f), derive(t, scope.withFunction(f), budget - 1));
            }
            default -> new CallGenerator(dice, this).derived(t, scope, budget);
        };
    }

    /** A pattern with no particular term in mind. */
    Sx random(Scope scope, int budget) {
        if (budget <= 1) {
            return dice.chance(0.5) || scope.terms().isEmpty() ? WILDCARD : var(scope);
        }
        return switch (dice.weighted(1, 2, 4, 1, 2, 1, 2, 1, 1, 2)) {
            case 0 -> WILDCARD;
            case 1 -> scope.terms().isEmpty() ? WILDCARD : var(scope);
            case 2 -> form("op", dice.pick(TermGenerator.OPS), randomChildren(scope, budget));
            case 3 -> scope.functions().isEmpty()
                    ? Sx.list(Sx.atom("existsf"), Sx.atom("H"), random(scope.withFunction("H"), budget - 1))
                    : form("fvar", dice.pick(scope.functions()), randomChildren(scope, budget));
            case 4 -> alternation(random(scope, budget / 2), random(scope, budget / 2));
            case 5 -> Sx.list(Sx.atom("and"), random(scope, budget / 2), random(scope, budget / 2));
            case 6 -> Sx.list(Sx.atom("guard"), random(scope, budget - 2),
                    guards.random(scope.guardable(), scope.functions(), 3));
            case 7 -> {
                String x = dice.pick(Scope.QUERY_TERMS);
                yield Sx.list(Sx.atom("exists"), Sx.atom(x), random(scope.withTerm(x), budget - 1));
            }
            case 8 -> {
                String f = dice.pick(Scope.QUERY_FUNCTIONS);
                yield Sx.list(Sx.atom("existsf"), Sx.atom(f), random(scope.withFunction(f), budget - 1));
            }
            default -> new CallGenerator(dice, this).random(scope, budget);
        };
    }

    private Sx functionVariable(Sx.Lst t, Scope scope, int budget) {
        if (scope.functions().isEmpty() || dice.chance(0.3)) {
            String f = dice.pick(Scope.QUERY_FUNCTIONS);
            Scope inner = scope.withFunction(f);
            return Sx.list(Sx.atom("existsf"), Sx.atom(f), form("fvar", f, deriveChildren(t, inner, budget, f)));
        }
        String f = dice.pick(scope.functions());
        return form("fvar", f, deriveChildren(t, scope, budget, f));
    }

    private Sx guarded(Sx.Lst t, Scope scope, int budget) {
        if (scope.guardable().isEmpty()) {
            String x = "g";
            Sx inner = guarded(t, scope.withTerm(x), budget);
            return Sx.list(Sx.atom("exists"), Sx.atom(x), inner);
        }
        String x = dice.pick(scope.guardable());
        Sx bind = Sx.list(Sx.atom("var"), Sx.atom(x));
        Sx matched = dice.chance(0.5) ? bind : Sx.list(Sx.atom("and"), derive(t, scope, budget - 3), bind);
        Sx guard = dice.chance(0.8) ? guards.about(x, t) : guards.random(scope.guardable(), scope.functions(), 3);
        return Sx.list(Sx.atom("guard"), matched, guard);
    }

    private Sx alternation(Sx a, Sx b) {
        return dice.chance(0.5) ? Sx.list(Sx.atom("alt"), a, b) : Sx.list(Sx.atom("alt"), b, a);
    }

    private List<Sx> deriveChildren(Sx.Lst t, Scope scope, int budget) {
        return deriveChildren(t, scope, budget, null);
    }

    /**
     * Patterns for the children of {@code t}. Under a function variable, the first
     * may carry a guard that reads it: CORE-SPEC binds ?F before the children.
     */
    private List<Sx> deriveChildren(Sx.Lst t, Scope scope, int budget, String binding) {
        int arity = t.size() - 2;
        List<Sx> children = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            children.add(derive((Sx.Lst) t.get(i + 2), scope, Math.max(1, (budget - 1) / arity)));
        }
        if (binding != null && arity > 0 && dice.chance(0.3)) {
            Sx name = Sx.str(dice.chance(0.8) ? ((Sx.Atom) t.get(0)).text() : dice.pick(TermGenerator.OPS));
            children.set(0, Sx.list(Sx.atom("guard"), children.get(0),
                    Sx.list(Sx.atom("=="), Sx.list(Sx.atom("fname"), Sx.atom(binding)), name)));
        }
        if (dice.chance(0.05)) {
            children.add(WILDCARD);
        }
        return children;
    }

    private List<Sx> randomChildren(Scope scope, int budget) {
        int arity = dice.between(0, 2);
        List<Sx> children = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            children.add(random(scope, Math.max(1, (budget - 1) / arity)));
        }
        return children;
    }

    /** The term's op name, or now and then another one. */
    private String op(Sx.Lst t) {
        return dice.chance(0.05) ? dice.pick(TermGenerator.OPS) : ((Sx.Atom) t.get(0)).text();
    }

    Sx var(Scope scope) {
        String x = scope.inBody() || !dice.chance(0.02) ? dice.pick(scope.terms()) : "_";
        return Sx.list(Sx.atom("var"), Sx.atom(x));
    }

    static Sx form(String keyword, String name, List<Sx> children) {
        List<Sx> items = new ArrayList<>();
        items.add(Sx.atom(keyword));
        items.add(Sx.atom(name));
        items.addAll(children);
        return Sx.list(items);
    }
}
