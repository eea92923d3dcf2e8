package dev.graft.pypm.rules;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Comparison;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Runs a graph before and after rewriting on the same seeded random inputs and
 * measures how far each output moved. Inputs: each symbolic dimension gets one size
 * (2 to 6, from the seed); floats are standard normal; integers that index a Gather
 * lie within the gathered axis, other integers are 0 or 1.
 */
public final class TranslationValidation {
    private TranslationValidation() {
    }

    /**
     * The difference accepted by default for an output of this dtype: 1e-4 for float32
     * and wider; for half types, whose one rounding step at values near 4 is already
     * 2e-3 (float16) or 1.6e-2 (bfloat16), 1e-2 and 5e-2. A fused node that skips an
     * intermediate rounding of the original (a Cast to float16 and back) moves an
     * output by such a step.
     */
    public static double defaultTolerance(DType dtype) {
        return switch (dtype) {
            case FLOAT16 -> 1e-2;
            case BFLOAT16 -> 5e-2;
            default -> 1e-4;
        };
    }

    /** The largest absolute difference per output, in the original graph's output order. */
    public static Map<String, Double> maxDifferences(Graph original, Graph rewritten, Backend backend, long seed) {
        Map<String, Tensor> inputs = randomInputs(original, seed);
        Map<String, Tensor> expected = backend.prepare(original).run(inputs);
        Map<String, Tensor> actual = backend.prepare(rewritten).run(inputs);
        Map<String, Double> out = new LinkedHashMap<>();
        for (var e : expected.entrySet()) {
            Tensor got = actual.get(e.getKey());
            if (got == null || !Arrays.equals(got.shape(), e.getValue().shape())) {
                out.put(e.getKey(), Double.POSITIVE_INFINITY);
            } else {
                out.put(e.getKey(), Comparison.maxAbsDiff(e.getValue(), got));
            }
        }
        return out;
    }

    static Map<String, Tensor> randomInputs(Graph g, long seed) {
        Random random = new Random(seed);
        Map<String, Integer> symbols = new TreeMap<>();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Value in : g.inputs()) {
            TensorType t = in.type();
            int[] shape = new int[t.rank()];
            for (int i = 0; i < shape.length; i++) {
                Dim d = t.shape().dim(i);
                shape[i] = switch (d) {
                    case Dim.Known k -> Math.toIntExact(k.size());
                    case Dim.Symbol s -> symbols.computeIfAbsent(s.name(), n -> 2 + random.nextInt(5));
                    case Dim.Unknown u -> 2 + random.nextInt(5);
                };
            }
            int n = Tensor.sizeOf(shape);
            if (t.dtype().isFloating()) {
                float[] data = new float[n];
                for (int i = 0; i < n; i++) {
                    data[i] = (float) random.nextGaussian();
                }
                inputs.put(in.name(), Tensor.ofFloats(t.dtype(), shape, data));
            } else {
                long bound = indexBound(g, in);
                long[] data = new long[n];
                for (int i = 0; i < n; i++) {
                    data[i] = random.nextLong(bound);
                }
                inputs.put(in.name(), Tensor.ofLongs(t.dtype(), shape, data));
            }
        }
        return inputs;
    }

    /** The size of the axis an integer input indexes when a Gather reads it as indices; else 2. */
    private static long indexBound(Graph g, Value in) {
        for (Node n : g.consumers(in)) {
            if (n.op().equals("Gather") && n.input(1) == in && n.input(0).type() != null) {
                TensorType data = n.input(0).type();
                long axis = n.attributes().getInt("axis", 0);
                Dim d = data.shape().dim((int) (axis < 0 ? axis + data.rank() : axis));
                if (d.isKnown()) {
                    return d.size();
                }
            }
        }
        return 2;
    }
}
