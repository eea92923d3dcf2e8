package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.interpreted.InterpretedRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Checks a gradient rule three ways, on f = Σ out · R with a fixed random R: the
 * backward graph it emits, run on the CPU, must give the same gradients whether the
 * checked inputs are received activations (the B half) or parameters (the W half);
 * those must equal the interpreted rule's ({@link InterpretedRules}, Graft's earlier
 * host-array rules) to float rounding; and they must match central finite differences
 * of the op's own CPU implementation (float32 forward, so the step is 1e-2 and the
 * tolerance loose but far below any real error).
 */
final class GradientCheck {
    private static final float STEP = 1e-2f;

    private GradientCheck() {
    }

    static Tensor random(long seed, int... shape) {
        Random r = new Random(seed);
        float[] data = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(DType.FLOAT32, shape, data);
    }

    /** Checks the gradients of inputs {@code checked} of one single-output node of op {@code op}. */
    static void check(String domain, String op, Attributes attributes, List<Tensor> inputs, int... checked) {
        checkOutputs(1, domain, op, attributes, inputs, checked);
    }

    /** The same for a node with {@code outputCount} outputs; f sums over all of them. */
    static void checkOutputs(int outputCount, String domain, String op, Attributes attributes, List<Tensor> inputs,
                             int... checked) {
        Graph g = new Graph("check");
        List<Value> ins = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = inputs.get(i);
            ins.add(t == null ? null : g.addInput("in" + i, new TensorType(t.dtype(), Shape.of(t.shape()))));
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputCount; i++) {
            names.add("out" + i);
        }
        Node node = g.addNode("n", domain, op, attributes, ins, names);
        List<Tensor> out = run(node, inputs);
        List<Tensor> r = new ArrayList<>();
        for (int i = 0; i < outputCount; i++) {
            r.add(random(99 + i, out.get(i).shape()));
        }
        boolean[] wanted = new boolean[inputs.size()];
        for (int i : checked) {
            wanted[i] = true;
        }
        Tensor[] interpreted = InterpretedRules.backward(node, inputs, out, r, wanted);
        Map<String, Tensor> asInputs = graphGradients(node, inputs, out, r, checked, false);
        Map<String, Tensor> asWeights = graphGradients(node, inputs, out, r, checked, true);
        for (int i : checked) {
            Tensor grad = asInputs.get("in" + i);
            assertNotNull(grad, op + " input " + i);
            assertArrayEquals(inputs.get(i).shape(), grad.shape(), op + " input " + i + " shape");
            assertClose(grad, asWeights.get("in" + i), 1e-6, op + " input " + i + ": B half against W half");
            assertClose(grad, interpreted[i], 1e-4, op + " input " + i + ": graph against interpreted rule");
            float[] x = inputs.get(i).floats();
            for (int k = 0; k < x.length; k++) {
                double fd = (objective(node, inputs, i, k, STEP, r) - objective(node, inputs, i, k, -STEP, r))
                        / (2 * STEP);
                double analytic = grad.floats()[k];
                assertEquals(fd, analytic, 2e-3 + 2e-2 * Math.abs(fd),
                        op + " d/d input " + i + " element " + k);
            }
        }
    }

    /** The gradients of the checked inputs from the emitted backward graph, as activations or as parameters. */
    private static Map<String, Tensor> graphGradients(Node node, List<Tensor> inputs, List<Tensor> out,
                                                      List<Tensor> r, int[] checked, boolean asParameters) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (int i : checked) {
            names.add("in" + i);
        }
        Differentiator d = asParameters ? new Differentiator(List.of(node), names, Set.of())
                : new Differentiator(List.of(node), Set.of(), names);
        NodeRunner runner = NodeRunner.INTERPRETER;
        StageValues step = runner.values(null);
        StageValues values = runner.values(step);
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) != null) {
                (names.contains("in" + i) && asParameters ? step : values).put("in" + i, inputs.get(i));
            }
        }
        Map<String, Tensor> grads = new HashMap<>();
        for (int i = 0; i < out.size(); i++) {
            values.put("out" + i, out.get(i));
            grads.put("out" + i, r.get(i));
        }
        d.backwardWeights(runner, values, d.backwardInputs(runner, values, grads), step);
        Map<String, Tensor> parameterGrads = d.gradients(step);
        return asParameters ? parameterGrads : grads;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        assertNotNull(actual, what);
        assertArrayEquals(expected.shape(), actual.shape(), what + " (shape)");
        float[] e = expected.floats();
        float[] a = actual.floats();
        for (int k = 0; k < e.length; k++) {
            assertEquals(e[k], a[k], tolerance * (1 + Math.abs(e[k])), what + " element " + k);
        }
    }

    private static double objective(Node node, List<Tensor> inputs, int which, int element, float delta,
                                    List<Tensor> r) {
        List<Tensor> moved = new ArrayList<>(inputs);
        Tensor t = inputs.get(which);
        float[] data = t.floats().clone();
        data[element] += delta;
        moved.set(which, Tensor.ofFloats(DType.FLOAT32, t.shape(), data));
        List<Tensor> outs = run(node, moved);
        double f = 0;
        for (int k = 0; k < outs.size(); k++) {
            float[] out = outs.get(k).floats();
            for (int i = 0; i < out.length; i++) {
                f += (double) out[i] * r.get(k).floats()[i];
            }
        }
        return f;
    }

    private static List<Tensor> run(Node node, List<Tensor> inputs) {
        Map<String, Tensor> values = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) != null) {
                values.put("in" + i, inputs.get(i));
            }
        }
        Interpreter.run(List.of(node), values);
        return node.outputs().stream().map(v -> values.get(v.name())).toList();
    }
}
