package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls of the definitions in scope. A derived call passes arguments derived
 * from the term so that it matches through the body (the recursive library
 * definitions are given a descendant to find); a random call passes random
 * arguments. A guard-used parameter always gets a variable, as well-formedness
 * demands: in a body, a local bound just outside the call.
 */
final class CallGenerator {
    private final Dice dice;
    private final PatternGenerator patterns;

    CallGenerator(Dice dice, PatternGenerator patterns) {
        this.dice = dice;
        this.patterns = patterns;
    }

    Sx derived(Sx.Lst t, Scope scope, int budget) {
        if (scope.callees().isEmpty()) {
            return patterns.derive(t, scope, budget);
        }
        Callee c = dice.pick(scope.callees());
        int inner = Math.max(1, budget - 1);
        List<Sx> args = new ArrayList<>();
        if (c == Library.NEST || c == Library.DEEP) {
            args.add(patterns.derive(descendant(t, c == Library.NEST ? 1 : 2), scope, inner));
        } else if (c == Library.IGNORE) {
            args.add(dice.chance(0.5) ? Sx.list(Sx.atom("call"), Sx.atom("Loop")) : patterns.random(scope, inner));
        } else if (c == Library.BOTH && t.size() == 4 && ((Sx.Atom) t.get(0)).text().equals("add")) {
            args.add(patterns.derive((Sx.Lst) t.get(2), scope, inner / 2));
            args.add(patterns.derive((Sx.Lst) t.get(3), scope, inner / 2));
        } else {
            for (int i = 0; i < c.arity(); i++) {
                args.add(patterns.derive(t, scope, inner / c.arity()));
            }
        }
        return call(c, args, scope);
    }

    Sx random(Scope scope, int budget) {
        if (scope.callees().isEmpty()) {
            return patterns.var(scope.withTerm("x"));
        }
        Callee c = dice.pick(scope.callees());
        List<Sx> args = new ArrayList<>();
        for (int i = 0; i < c.arity(); i++) {
            args.add(patterns.random(scope, Math.max(1, (budget - 1) / c.arity())));
        }
        return call(c, args, scope);
    }

    /** The call, with a variable put in for each guard-used parameter. */
    private Sx call(Callee c, List<Sx> args, Scope scope) {
        List<Sx> items = new ArrayList<>();
        items.add(Sx.atom("call"));
        items.add(Sx.atom(c.name()));
        boolean needsLocal = false;
        for (int i = 0; i < c.arity(); i++) {
            if (!c.guardUsed().contains(i)) {
                items.add(args.get(i));
            } else if (scope.inBody() || dice.chance(0.1)) {
                items.add(Sx.list(Sx.atom("var"), Sx.atom("g")));
                needsLocal = true;
            } else {
                items.add(Sx.list(Sx.atom("var"), Sx.atom(dice.pick(scope.guardable()))));
            }
        }
        Sx call = Sx.list(items);
        return needsLocal ? Sx.list(Sx.atom("exists"), Sx.atom("g"), call) : call;
    }

    /** A descendant reached through children of the given arity, or the term itself. */
    private Sx.Lst descendant(Sx.Lst t, int arity) {
        Sx.Lst at = t;
        while (at.size() - 2 == arity && dice.chance(0.7)) {
            at = (Sx.Lst) at.get(2 + dice.between(0, arity - 1));
        }
        return at;
    }
}
