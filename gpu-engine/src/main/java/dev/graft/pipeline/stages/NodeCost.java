package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import java.util.Map;

/**
 * The cost model for partitioning: floating-point operations of one node,
 * estimated from the tensors of a probe forward pass. Matrix products count
 * 2·(output elements)·K; every other op one operation per output element.
 */
public final class NodeCost {
    private NodeCost() {
    }

    public static double flops(Node node, Map<String, Tensor> values) {
        Tensor out = values.get(node.output(0).name());
        double elements = out == null ? 0 : out.size();
        if (node.domain().isEmpty() && (node.op().equals("MatMul") || node.op().equals("Gemm"))) {
            Tensor a = values.get(node.input(0).name());
            boolean transA = node.op().equals("Gemm") && node.attributes().getInt("transA", 0) != 0;
            int k = transA ? a.dim(a.rank() - 2) : a.dim(a.rank() - 1);
            return 2 * elements * k;
        }
        return elements;
    }
}
