package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.pypm.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A term with sharing means its unfolded tree: matching a shared term gives exactly the
 * answer on its unfolding, and equality of shared terms never unfolds them.
 */
class SharingProperties {
    private static final List<Definition> DEFINITIONS = List.of(
            new Definition("Chain", List.of("x"), new Pattern.Alt(new Pattern.Var("x"),
                    new Pattern.OpPattern("g", List.of(new Pattern.Call("Chain", List.of(new Pattern.Var("x"))))))));

    @Property(tries = 300)
    void matchingASharedTermEqualsMatchingItsUnfolding(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        Term shared = RandomTerms.shared(random, 6);
        Term tree = RandomTerms.unfold(shared);
        for (int i = 0; i < 5; i++) {
            Pattern query = RandomPatterns.pattern(random, 4);
            assertEquals(Matcher.answer(DEFINITIONS, query, tree, 6).toString(),
                    Matcher.answer(DEFINITIONS, query, shared, 6).toString(), query::toString);
        }
    }

    @Property(tries = 300)
    void equalityOfSharedTermsIsEqualityOfTheirUnfoldings(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        Term a = RandomTerms.shared(random, 5);
        Term b = random.nextBoolean() ? RandomTerms.reshare(a) : RandomTerms.shared(random, 5);
        String unfoldedA = Terms.toWire(a);
        String unfoldedB = Terms.toWire(b);
        assertEquals(unfoldedA.equals(unfoldedB), Terms.equal(a, b));
        if (unfoldedA.equals(unfoldedB)) {
            assertEquals(a.structuralHash(), b.structuralHash());
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** f(t, t) nested 200 deep unfolds to 2^200 nodes; two separately built copies still compare at once. */
    @Test
    void exponentialUnfoldingsCompareInLinearTime() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Term left = diamonds(200, "a");
            Term right = diamonds(200, "a");
            assertTrue(Terms.equal(left, right));
            assertTrue(!Terms.equal(left, diamonds(200, "b")));
            Pattern twice = new Pattern.OpPattern("f", List.of(new Pattern.Var("x"), new Pattern.Var("x")));
            Term pair = TreeTerm.of("f", left, right);
            Answer answer = Matcher.answer(List.of(), twice, pair, 0);
            assertEquals(1, ((Answer.Ok) answer).results().size());
        });
    }

    private static Term diamonds(int depth, String leaf) {
        Term t = TreeTerm.of(leaf);
        for (int i = 0; i < depth; i++) {
            t = TreeTerm.of("f", t, t);
        }
        return t;
    }

    /** Random terms over f/2, g/1, a/0, b/0 with an optional attribute, built with sharing. */
    static final class RandomTerms {
        private RandomTerms() {
        }

        static Term shared(Random random, int depth) {
            List<Term> pool = new ArrayList<>();
            return build(random, depth, pool);
        }

        private static Term build(Random random, int depth, List<Term> pool) {
            if (!pool.isEmpty() && random.nextInt(3) == 0) {
                return pool.get(random.nextInt(pool.size()));
            }
            Attributes attributes = random.nextBoolean() ? Attributes.EMPTY
                    : Attributes.of(new String[] {"k"}, new Value[] {new IntValue(random.nextInt(2))});
            int shape = depth <= 0 ? 2 + random.nextInt(2) : random.nextInt(4);
            Term t = switch (shape) {
                case 0 -> TreeTerm.of("f", attributes, build(random, depth - 1, pool), build(random, depth - 1, pool));
                case 1 -> TreeTerm.of("g", attributes, build(random, depth - 1, pool));
                case 2 -> TreeTerm.of("a", attributes);
                default -> TreeTerm.of("b", attributes);
            };
            pool.add(t);
            return t;
        }

        /** A copy with no sharing at all. */
        static Term unfold(Term t) {
            Term[] children = new Term[t.arity()];
            for (int i = 0; i < children.length; i++) {
                children[i] = unfold(t.child(i));
            }
            return TreeTerm.of(t.op(), t.attributes(), children);
        }

        /** A copy that shares differently: every child built anew above, shared below. */
        static Term reshare(Term t) {
            Term[] children = new Term[t.arity()];
            for (int i = 0; i < children.length; i++) {
                children[i] = i % 2 == 0 ? t.child(i) : unfold(t.child(i));
            }
            return TreeTerm.of(t.op(), t.attributes(), children);
        }
    }

    /** Random well-formed queries over the ops above, with every pattern form and guards. */
    static final class RandomPatterns {
        private static final String[] VARS = {"x", "y"};

        private RandomPatterns() {
        }

        static Pattern pattern(Random random, int depth) {
            int form = depth <= 0 ? random.nextInt(2) : random.nextInt(10);
            String x = VARS[random.nextInt(VARS.length)];
            return switch (form) {
                case 0 -> new Pattern.Wildcard();
                case 1 -> new Pattern.Var(x);
                case 2 -> new Pattern.OpPattern("f", List.of(pattern(random, depth - 1), pattern(random, depth - 1)));
                case 3 -> new Pattern.OpPattern("g", List.of(pattern(random, depth - 1)));
                case 4 -> new Pattern.FunVar("F", List.of(pattern(random, depth - 1)));
                case 5 -> new Pattern.Alt(pattern(random, depth - 1), pattern(random, depth - 1));
                case 6 -> new Pattern.And(pattern(random, depth - 1), pattern(random, depth - 1));
                case 7 -> new Pattern.Guarded(pattern(random, depth - 1), guard(random, x));
                case 8 -> new Pattern.Exists(x, pattern(random, depth - 1));
                default -> new Pattern.Call("Chain", List.of(pattern(random, depth - 1)));
            };
        }

        private static Guard guard(Random random, String x) {
            return switch (random.nextInt(3)) {
                case 0 -> new Guard.Binary(BinaryOp.EQ, new Guard.OpOf(x), new Guard.Str("a"));
                case 1 -> new Guard.Binary(BinaryOp.EQ, new Guard.AttrOf(x, "k"), new Guard.Int(1));
                default -> new Guard.Binary(BinaryOp.GE, new Guard.ArityOf(x), new Guard.Int(1));
            };
        }
    }
}
