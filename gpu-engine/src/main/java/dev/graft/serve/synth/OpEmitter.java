package dev.graft.serve.synth;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds standard-domain nodes and small constants to a graph, the way PyTorch's exporter
 * does: each constant once (the exporter deduplicates them, so {@code [1]} as an axis and
 * as a slice bound are the same initializer), each node with one fresh output.
 */
final class OpEmitter {
    private final Graph graph;
    private final Map<String, Value> constants = new HashMap<>();

    OpEmitter(Graph graph) {
        this.graph = graph;
    }

    Graph graph() {
        return graph;
    }

    Value op(String op, Value... inputs) {
        return op(op, Attributes.NONE, inputs);
    }

    Value op(String op, Attributes attributes, Value... inputs) {
        return graph.addNode(op, attributes, inputs).output(0);
    }

    /** A node whose one output has a chosen name, such as a graph output. */
    Value named(String output, String op, Value... inputs) {
        return graph.addNode(null, "", op, Attributes.NONE, List.of(inputs), List.of(output)).output(0);
    }

    /**
     * Declares {@code v}'s type as the exporter's value_info does. Inference alone loses
     * the symbolic dims through data-dependent shapes (Range, Reshape to a computed
     * shape), and rules compare those dims.
     */
    static Value declare(Value v, DType dtype, Dim... dims) {
        v.setType(TensorType.of(dtype, dims));
        return v;
    }

    /** An int64 tensor of shape {@code [values.length]}. */
    Value ints(long... values) {
        return constant("i64" + Arrays.toString(values), Tensor.ofLongs(new int[] {values.length}, values));
    }

    /** An int64 scalar. */
    Value intScalar(long value) {
        return constant("i64 " + value, Tensor.scalar(value));
    }

    /** A float32 scalar. */
    Value floatScalar(float value) {
        return constant("f32 " + Float.floatToRawIntBits(value), Tensor.scalar(value));
    }

    /** A boolean scalar. */
    Value boolScalar(boolean value) {
        return constant("bool " + value, Tensor.ofLongs(DType.BOOL, new int[0], value ? 1 : 0));
    }

    /** A named weight. */
    Value weight(String name, Tensor data) {
        return graph.addInitializer(name, data);
    }

    private Value constant(String key, Tensor data) {
        return constants.computeIfAbsent(key, k -> graph.addInitializer(graph.freshValueName("const"), data));
    }

    static Attributes attrs(Object... nameValue) {
        Attributes a = Attributes.NONE;
        for (int i = 0; i < nameValue.length; i += 2) {
            a = a.with((String) nameValue[i], attribute(nameValue[i + 1]));
        }
        return a;
    }

    private static Attribute attribute(Object v) {
        return switch (v) {
            case Integer i -> new Attribute.Int(i);
            case Long l -> new Attribute.Int(l);
            case Float f -> new Attribute.Float(f);
            case long[] ls -> new Attribute.Ints(ls);
            default -> throw new IllegalArgumentException("no attribute kind for " + v.getClass().getSimpleName());
        };
    }
}
