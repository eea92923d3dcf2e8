package dev.graft.engine.cuda;

import dev.graft.attention.KvDType;
import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Graphs of one node (FusedAttention or any op) and random inputs for them, for CPU and GPU tests. */
final class AttentionGraphs {
    private final Random random;

    AttentionGraphs(Random random) {
        this.random = random;
    }

    /** Random values already representable in the dtype, so every side sees the same inputs. */
    Tensor random(DType dtype, int... shape) {
        float[] data = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < data.length; i++) {
            float x = (float) random.nextGaussian();
            data[i] = switch (dtype) {
                case FLOAT16 -> KvDType.FP16.decode(KvDType.FP16.encode(x));
                case BFLOAT16 -> KvDType.BF16.decode(KvDType.BF16.encode(x));
                default -> x;
            };
        }
        return Tensor.ofFloats(dtype, shape, data);
    }

    /** One FusedAttention node over inputs in0.. (Q, K, V[, mask]) with output "out", typed. */
    static Graph attentionGraph(double scale, boolean causal, Tensor... inputs) {
        Graph g = new Graph("attention");
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            values.add(g.addInput("in" + i, new TensorType(inputs[i].dtype(), Shape.of(inputs[i].shape()))));
        }
        Map<String, Attribute> attrs = Map.of("scale", new Attribute.Float((float) scale),
                "causal", new Attribute.Int(causal ? 1 : 0), "q_heads", new Attribute.Int(inputs[0].dim(1)),
                "kv_heads", new Attribute.Int(inputs[1].dim(1)), "head_dim", new Attribute.Int(inputs[0].dim(3)));
        Node n = g.addNode("attn", "", "FusedAttention", new Attributes(attrs), values, List.of("out"));
        g.addOutput(n.output(0));
        TypeInference.run(g);
        return g;
    }

    /** One node of {@code op} over inputs in0, in1, ... with output "out", typed. */
    static Graph opGraph(String op, Map<String, Attribute> attributes, Tensor... inputs) {
        Graph g = new Graph(op);
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            values.add(g.addInput("in" + i, new TensorType(inputs[i].dtype(), Shape.of(inputs[i].shape()))));
        }
        Node n = g.addNode("node", "", op, new Attributes(attributes), values, List.of("out"));
        g.addOutput(n.output(0));
        TypeInference.run(g);
        return g;
    }
}
