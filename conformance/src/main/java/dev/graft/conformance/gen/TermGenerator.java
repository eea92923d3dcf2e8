package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random terms over a small alphabet of op names, so that generated patterns
 * often name the right one. A quarter of the children reuse a subterm made
 * earlier, so equal subterms recur and nonlinear variables find matches. Some
 * attributes are shapes (lists of ints), and strings carry quotes, backslashes
 * and non-ASCII text to exercise escaping.
 */
final class TermGenerator {
    static final List<String> OPS = List.of("a", "b", "f", "add", "mul", "matmul");
    private static final List<String> STRINGS = List.of("f32", "i8", "q\"uote", "back\\slash", "é∑", "");

    private final Dice dice;
    private final List<Sx> made = new ArrayList<>();

    TermGenerator(Dice dice) {
        this.dice = dice;
    }

    /** A term of about {@code budget} nodes. */
    Sx term(int budget) {
        if (!made.isEmpty() && budget < 6 && dice.chance(0.25)) {
            return dice.pick(made);
        }
        int arity = budget <= 1 ? 0 : dice.between(0, Math.min(3, budget - 1));
        List<Sx> items = new ArrayList<>();
        items.add(Sx.atom(dice.pick(OPS)));
        items.add(attributes());
        int left = budget - 1;
        for (int i = 0; i < arity; i++) {
            int share = Math.max(1, left / (arity - i));
            items.add(term(share));
            left -= share;
        }
        Sx t = Sx.list(items);
        made.add(t);
        return t;
    }

    private Sx attributes() {
        List<Sx> pairs = new ArrayList<>();
        if (dice.chance(0.4)) {
            List<Sx> dims = new ArrayList<>();
            dims.add(Sx.atom("list"));
            for (int i = dice.between(0, 3); i > 0; i--) {
                dims.add(Sx.integer(dice.between(1, 8)));
            }
            pairs.add(Sx.list(Sx.atom("shape"), Sx.list(dims)));
        }
        if (dice.chance(0.4)) {
            pairs.add(Sx.list(Sx.atom("dtype"), Sx.str(dice.pick(STRINGS))));
        }
        if (dice.chance(0.2)) {
            pairs.add(Sx.list(Sx.atom("axis"), Sx.integer(dice.between(-2, 3))));
        }
        if (dice.chance(0.1)) {
            pairs.add(Sx.list(Sx.atom("B"), Sx.integer(dice.between(0, 1))));
        }
        if (dice.chance(0.7)) {
            pairs.sort((p, q) -> ((Sx.Lst) p).head().compareTo(((Sx.Lst) q).head()));
        } else if (dice.chance(0.5)) {
            Collections.shuffle(pairs, new Random(dice.between(0, 1 << 20)));
        }
        return Sx.list(pairs);
    }
}
