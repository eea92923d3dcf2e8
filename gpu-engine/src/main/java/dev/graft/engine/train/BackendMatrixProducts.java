package dev.graft.engine.train;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.run.Backend;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Map;

/**
 * The backward pass's matrix products through a {@link Backend}: one prepared
 * graph, a batched MatMul of (count, m, k) by (count, k, n) with every size left
 * symbolic, run for each product large enough to be worth the trip; smaller ones
 * stay on the CPU kernel. A GPU worker installs one for its thread
 * ({@link MatrixProducts#install}), so gradients of MatMul run on its GPU.
 */
public final class BackendMatrixProducts implements MatrixProducts {
    /** Below this many multiply-adds a product costs less on the CPU than its copies to a device. */
    static final long DEVICE_THRESHOLD = 1L << 18;

    private final Backend.Prepared product;

    public BackendMatrixProducts(Backend backend) {
        Graph g = new Graph("matrix-products");
        Value a = g.addInput("a", TensorType.of(DType.FLOAT32, Dim.symbol("count"), Dim.symbol("m"), Dim.symbol("k")));
        Value b = g.addInput("b", TensorType.of(DType.FLOAT32, Dim.symbol("count"), Dim.symbol("k"), Dim.symbol("n")));
        g.addOutput(g.addNode("MatMul", dev.graft.engine.graph.Attributes.NONE, a, b).output(0));
        TypeInference.run(g);
        product = backend.prepare(g);
    }

    @Override
    public float[] multiply(float[] a, float[] b, int count, int m, int k, int n) {
        if ((long) count * m * k * n < DEVICE_THRESHOLD) {
            return CPU.multiply(a, b, count, m, k, n);
        }
        Map<String, Tensor> out = product.run(Map.of(
                "a", Tensor.ofFloats(DType.FLOAT32, new int[] {count, m, k}, a),
                "b", Tensor.ofFloats(DType.FLOAT32, new int[] {count, k, n}, b)));
        return out.values().iterator().next().floats();
    }
}
