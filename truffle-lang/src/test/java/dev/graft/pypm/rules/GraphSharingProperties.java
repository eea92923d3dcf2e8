package dev.graft.pypm.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.pypm.Matcher;
import dev.graft.pypm.core.Answer;
import dev.graft.pypm.core.Definition;
import dev.graft.pypm.core.Guard;
import dev.graft.pypm.core.Pattern;
import dev.graft.pypm.core.BinaryOp;
import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.TreeTerm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * An engine graph seen through {@link GraphTerms} means its unfolded tree: every match
 * on a graph value equals the match on the tree it unfolds to, and shared nodes never
 * make matching exponential.
 */
class GraphSharingProperties {
    private static final List<Definition> DEFINITIONS = List.of(new Definition("Chain", List.of("x"),
            new Pattern.Alt(new Pattern.Var("x"),
                    new Pattern.OpPattern("Neg", List.of(new Pattern.Call("Chain", List.of(new Pattern.Var("x"))))))));

    @Property(tries = 200)
    void matchingAGraphValueEqualsMatchingItsUnfoldedTree(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        Graph graph = randomGraph(random, 12);
        Value root = graph.nodes().getLast().output(0);
        Term shared = new GraphTerms().term(root);
        Term tree = unfold(shared);
        for (int i = 0; i < 6; i++) {
            Pattern query = randomPattern(random, 4);
            assertEquals(Matcher.answer(DEFINITIONS, query, tree, 8).toString(),
                    Matcher.answer(DEFINITIONS, query, shared, 8).toString(), query::toString);
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** Two separately built chains of Add(t, t), 100 deep: 2^100 nodes unfolded, compared at once. */
    @Test
    void sharedChainsCompareWithoutUnfolding() {
        Graph graph = new Graph("diamonds");
        Value x = graph.addInput("x", TensorType.of(DType.FLOAT32, 4));
        Value left = x;
        Value right = x;
        for (int i = 0; i < 100; i++) {
            left = graph.addNode("Add", Attributes.NONE, left, left).output(0);
            right = graph.addNode("Add", Attributes.NONE, right, right).output(0);
        }
        Value top = graph.addNode("Mul", Attributes.NONE, left, right).output(0);
        Pattern square = new Pattern.OpPattern("Mul", List.of(new Pattern.Var("t"), new Pattern.Var("t")));
        Term term = new GraphTerms().term(top);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Answer answer = Matcher.answer(List.of(), square, term, 0);
            assertEquals(1, ((Answer.Ok) answer).results().size());
        });
    }

    private static Graph randomGraph(Random random, int nodes) {
        Graph graph = new Graph("random");
        List<Value> values = new ArrayList<>();
        values.add(graph.addInput("a", TensorType.of(DType.FLOAT32, 2, 3)));
        values.add(graph.addInput("b", TensorType.of(DType.FLOAT32, 2, 3)));
        for (int i = 0; i < nodes; i++) {
            Attributes attributes = random.nextBoolean() ? Attributes.NONE
                    : new Attributes(Map.of("k", new Attribute.Int(random.nextInt(2))));
            Value first = values.get(random.nextInt(values.size()));
            Value node = switch (random.nextInt(3)) {
                case 0 -> graph.addNode("Add", attributes, first, values.get(random.nextInt(values.size()))).output(0);
                case 1 -> graph.addNode("Mul", attributes, first, values.get(random.nextInt(values.size()))).output(0);
                default -> graph.addNode("Neg", attributes, first).output(0);
            };
            values.add(node);
        }
        return graph;
    }

    private static Pattern randomPattern(Random random, int depth) {
        String x = random.nextBoolean() ? "x" : "y";
        int form = depth <= 0 ? random.nextInt(2) : random.nextInt(9);
        return switch (form) {
            case 0 -> new Pattern.Wildcard();
            case 1 -> new Pattern.Var(x);
            case 2 -> new Pattern.OpPattern("Add", List.of(randomPattern(random, depth - 1), randomPattern(random, depth - 1)));
            case 3 -> new Pattern.OpPattern("Neg", List.of(randomPattern(random, depth - 1)));
            case 4 -> new Pattern.FunVar("F", List.of(randomPattern(random, depth - 1), randomPattern(random, depth - 1)));
            case 5 -> new Pattern.Alt(randomPattern(random, depth - 1), randomPattern(random, depth - 1));
            case 6 -> new Pattern.And(randomPattern(random, depth - 1), randomPattern(random, depth - 1));
            case 7 -> new Pattern.Guarded(randomPattern(random, depth - 1),
                    new Guard.Binary(BinaryOp.EQ, new Guard.AttrOf(x, "k"), new Guard.Int(1)));
            default -> new Pattern.Call("Chain", List.of(randomPattern(random, depth - 1)));
        };
    }

    /** A plain tree with the same ops, attributes and children, no sharing. */
    private static Term unfold(Term t) {
        Term[] children = new Term[t.arity()];
        for (int i = 0; i < children.length; i++) {
            children[i] = unfold(t.child(i));
        }
        return TreeTerm.of(t.op(), t.attributes(), children);
    }
}
