package dev.graft.engine.train;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Checks a gradient rule against central finite differences of the op's own CPU
 * implementation, on f = Σ out · R with a fixed random R. Float32 forward, so the
 * step is 1e-2 and the tolerance accordingly loose but far below any real error.
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
        Tensor[] grads = GradientRegistry.get().require(node).backward(
                new GradientContext(node, inputs, out, r, wanted));
        for (int i : checked) {
            assertNotNull(grads[i], op + " input " + i);
            assertEquals(List.of(inputs.get(i).shape().length), List.of(grads[i].shape().length));
            float[] x = inputs.get(i).floats();
            for (int k = 0; k < x.length; k++) {
                double fd = (objective(node, inputs, i, k, STEP, r) - objective(node, inputs, i, k, -STEP, r))
                        / (2 * STEP);
                double analytic = grads[i].floats()[k];
                assertEquals(fd, analytic, 2e-3 + 2e-2 * Math.abs(fd),
                        op + " d/d input " + i + " element " + k);
            }
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
