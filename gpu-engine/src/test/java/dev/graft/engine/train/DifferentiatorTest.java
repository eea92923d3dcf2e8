package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How built backward passes are reused across microbatches and how their weight halves add up. */
class DifferentiatorTest {

    /**
     * y = ReduceSum(x, axes) without kept axes, the axes an input: shapes are the same for
     * either axis of a square x, so only the axes' contents tell that a pass built for one
     * must not serve the other.
     */
    @Test
    void aPassIsRebuiltWhereTheIntegerContentsItReadDiffer() {
        Graph g = new Graph("reduce");
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, 2, 2));
        Value axes = g.addInput("axes", TensorType.of(DType.INT64, 1));
        Node reduce = g.addNode("ReduceSum", Attributes.NONE.with("keepdims", new Attribute.Int(0)), x, axes);
        Differentiator d = new Differentiator(List.of(reduce), Set.of(), Set.of("x"));
        Tensor input = Tensor.ofFloats(new int[] {2, 2}, 1, 2, 3, 4);
        Tensor dy = Tensor.ofFloats(new int[] {2}, 1, 2);
        assertArrayEquals(new float[] {1, 1, 2, 2}, gradientOfX(d, reduce, input, 1, dy).floats());
        assertArrayEquals(new float[] {1, 2, 1, 2}, gradientOfX(d, reduce, input, 0, dy).floats());
        assertArrayEquals(new float[] {1, 1, 2, 2}, gradientOfX(d, reduce, input, 1, dy).floats());
    }

    /** W of the first microbatch starts the sums in the step's values; later ones add into them. */
    @Test
    void weightHalvesAddUpOverMicrobatches() {
        Graph g = new Graph("scale");
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, 2));
        Value w = g.addInput("w", TensorType.of(DType.FLOAT32, 2));
        Node mul = g.addNode("Mul", Attributes.NONE, x, w);
        Differentiator d = new Differentiator(List.of(mul), Set.of("w"), Set.of());
        NodeRunner runner = NodeRunner.INTERPRETER;
        StageValues step = runner.values(null);
        step.put("w", Tensor.ofFloats(new int[] {2}, 5, 7));
        for (float[] xs : List.of(new float[] {1, 2}, new float[] {10, 20})) {
            StageValues values = runner.values(step);
            values.put("x", Tensor.ofFloats(new int[] {2}, xs));
            runner.run(List.of(mul), values, NodeRunner.computed(List.of(mul)));
            Map<String, Tensor> grads = new HashMap<>(Map.of(mul.output(0).name(), Tensor.ofFloats(new int[] {2}, 1, 1)));
            d.backwardWeights(runner, values, d.backwardInputs(runner, values, grads), step);
        }
        assertArrayEquals(new float[] {11, 22}, d.gradients(step).get("w").floats());
    }

    private static Tensor gradientOfX(Differentiator d, Node reduce, Tensor x, long axis, Tensor dy) {
        NodeRunner runner = NodeRunner.INTERPRETER;
        StageValues values = runner.values(runner.values(null));
        values.put("x", x);
        values.put("axes", Tensor.ofLongs(new int[] {1}, axis));
        runner.run(List.of(reduce), values, NodeRunner.computed(List.of(reduce)));
        Map<String, Tensor> grads = new HashMap<>(Map.of(reduce.output(0).name(), dy));
        d.backwardInputs(runner, values, grads);
        return grads.get("x");
    }
}
