package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Random definitions {@code R0, R1, ...} that may call each other, themselves
 * and the library. About half are recursive by construction: the recursive call
 * sits under an operator pattern (guarded) or directly in an alternative
 * (unguarded). Their guards read only locals, never parameters, so none has a
 * guard-used parameter and a caller may pass any pattern.
 */
final class DefinitionGenerator {
    private static final List<String> PARAMS = List.of("x", "y");

    private final Dice dice;
    private final PatternGenerator patterns;

    DefinitionGenerator(Dice dice, PatternGenerator patterns) {
        this.dice = dice;
        this.patterns = patterns;
    }

    /** Signatures for {@code count} random definitions, to be called before their bodies exist. */
    List<Callee> signatures(int count) {
        List<Callee> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new Callee("R" + i, dice.between(0, 2), Set.of()));
        }
        return out;
    }

    Sx definition(Callee self, List<Callee> callees, int budget) {
        List<String> params = PARAMS.subList(0, self.arity());
        Scope scope = Scope.body(params, callees);
        Sx body = switch (dice.weighted(3, 2, 1)) {
            case 0 -> patterns.random(scope, budget);
            case 1 -> Sx.list(Sx.atom("alt"), patterns.random(scope, budget / 2),
                    PatternGenerator.form("op", dice.pick(TermGenerator.OPS), guardedChildren(self, scope, budget)));
            default -> Sx.list(Sx.atom("alt"), selfCall(self, scope, budget), patterns.random(scope, budget / 2));
        };
        List<Sx> names = params.stream().map(p -> (Sx) Sx.atom(p)).toList();
        return Sx.list(Sx.atom("def"), Sx.atom(self.name()), Sx.list(names), body);
    }

    private List<Sx> guardedChildren(Callee self, Scope scope, int budget) {
        List<Sx> children = new ArrayList<>();
        int arity = dice.between(1, 2);
        int recursive = dice.between(0, arity - 1);
        for (int i = 0; i < arity; i++) {
            children.add(i == recursive ? selfCall(self, scope, budget) : patterns.random(scope, budget / 3));
        }
        return children;
    }

    private Sx selfCall(Callee self, Scope scope, int budget) {
        List<Sx> items = new ArrayList<>();
        items.add(Sx.atom("call"));
        items.add(Sx.atom(self.name()));
        for (int i = 0; i < self.arity(); i++) {
            items.add(patterns.random(scope, Math.max(1, budget / 4)));
        }
        return Sx.list(items);
    }
}
