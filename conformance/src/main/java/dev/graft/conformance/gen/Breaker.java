package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import dev.graft.conformance.sx.SxReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a well-formed request into one that must be answered with an error, in
 * one of the ways CORE-SPEC sections 2 and 8 name: broken syntax, a form of the
 * wrong shape, a duplicate attribute, bad fuel, and each well-formedness rule.
 * Both implementations must reject it; their messages may differ.
 */
final class Breaker {
    private final Dice dice;

    Breaker(Dice dice) {
        this.dice = dice;
    }

    String breakRequest(Sx.Lst request) {
        List<Sx> defs = new ArrayList<>(((Sx.Lst) request.get(1)).items());
        Sx pattern = request.get(2);
        Sx.Lst term = (Sx.Lst) request.get(3);
        Sx fuel = request.get(4);
        switch (dice.between(0, 13)) {
            case 0 -> {
                String text = request.toString();
                return dice.chance(0.5) ? text.substring(0, text.length() - 1) : text + ")";
            }
            case 1 -> pattern = Sx.list(Sx.atom(dice.pick("alt", "and")), pattern);
            case 2 -> pattern = both(pattern, Sx.list(Sx.atom("call"), Sx.atom("Nope")));
            case 3 -> {
                defs.add(parse("(def Two (x y) _)"));
                pattern = both(pattern, parse("(call Two _)"));
            }
            case 4 -> defs.add(parse(dice.pick("(def Bad () (var q))", "(def Bad (x) (guard (var x) (== (opof q) \"a\")))")));
            case 5 -> {
                defs.add(parse("(def Dup () _)"));
                defs.add(parse("(def Dup (x) (var x))"));
            }
            case 6 -> defs.add(parse("(def Dp (x x) _)"));
            case 7 -> {
                defs.add(Library.definition(Library.SHAPE));
                defs.add(Library.definition(Library.CHAIN));
                pattern = both(pattern, parse(dice.pick("(call Chain _)", "(call Shape (op a))")));
            }
            case 8 -> {
                List<Sx> attributes = new ArrayList<>(((Sx.Lst) term.get(1)).items());
                attributes.add(parse("(axis 1)"));
                attributes.add(parse("(axis 2)"));
                List<Sx> items = new ArrayList<>(term.items());
                items.set(1, Sx.list(attributes));
                term = Sx.list(items);
            }
            case 9 -> fuel = dice.pick(Sx.atom("-1"), Sx.str("3"), Sx.atom("x"), Sx.list(Sx.integer(1)));
            case 10 -> term = Sx.list(Sx.atom("a"));
            case 11 -> pattern = both(pattern, parse(dice.pick("(var 1x)", "(opp a)", "(guard _ (foo 1))",
                    "(guard _ x)", "(op f (var))", "(exists _x)")));
            case 12 -> defs.add(parse("(def BadF () (fvar Q _))"));
            default -> {
                return Sx.list(Sx.atom("match"), Sx.list(defs), pattern, term).toString();
            }
        }
        return Sx.list(Sx.atom("match"), Sx.list(defs), pattern, term, fuel).toString();
    }

    private static Sx both(Sx a, Sx b) {
        return Sx.list(Sx.atom("and"), a, b);
    }

    private static Sx parse(String text) {
        return SxReader.read(text);
    }
}
