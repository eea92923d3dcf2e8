package dev.graft.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one op on concrete tensors through the whole path (type inference, then
 * the CPU executor) and checks that each output has the type inference
 * promised: every op test is also a test of its shape inference.
 */
public final class OpRunner {
    private OpRunner() {
    }

    /** Attributes from alternating names and values (Long, Float, String, long[], float[], Tensor). */
    public static Attributes attrs(Object... nameValue) {
        Attributes a = Attributes.NONE;
        for (int i = 0; i < nameValue.length; i += 2) {
            Object v = nameValue[i + 1];
            Attribute attr = switch (v) {
                case Integer n -> new Attribute.Int(n);
                case Long n -> new Attribute.Int(n);
                case Float f -> new Attribute.Float(f);
                case String s -> new Attribute.Str(s);
                case long[] l -> new Attribute.Ints(l);
                case float[] f -> new Attribute.Floats(f);
                case Tensor t -> new Attribute.TensorValue(t);
                default -> throw new IllegalArgumentException(String.valueOf(v));
            };
            a = a.with((String) nameValue[i], attr);
        }
        return a;
    }

    /** One output, all inputs fed at run time (a null is an absent optional input). */
    public static Tensor run(String op, Attributes attributes, Tensor... inputs) {
        return run(op, attributes, 1, false, inputs).getFirst();
    }

    /** One output, inputs after the first as initializers, as exporters write shapes and axes. */
    public static Tensor runWithConstants(String op, Attributes attributes, Tensor... inputs) {
        return run(op, attributes, 1, true, inputs).getFirst();
    }

    public static List<Tensor> run(String op, Attributes attributes, int outputs, boolean constants, Tensor... inputs) {
        Graph g = new Graph("op");
        List<Value> ins = new ArrayList<>();
        Map<String, Tensor> feed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) {
                ins.add(null);
            } else if (constants && i > 0) {
                ins.add(g.addInitializer("c" + i, t));
            } else {
                ins.add(g.addInput("x" + i, new TensorType(t.dtype(), Shape.of(t.shape()))));
                feed.put("x" + i, t);
            }
        }
        List<String> outNames = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            outNames.add("y" + i);
        }
        Node n = g.addNode("node0", "", op, attributes, ins, outNames);
        n.outputs().forEach(g::addOutput);
        TypeInference.run(g);
        Map<String, Tensor> result = new CpuExecutor(g).run(feed);
        List<Tensor> out = new ArrayList<>();
        for (Value v : n.outputs()) {
            Tensor t = result.get(v.name());
            assertEquals(v.type().dtype(), t.dtype(), "inferred dtype of " + v.name());
            assertEquals(v.type().rank(), t.rank(), "inferred rank of " + v.name());
            for (int d = 0; d < t.rank(); d++) {
                Dim dim = v.type().shape().dim(d);
                if (dim.isKnown()) {
                    assertEquals(dim.size(), t.dim(d), "inferred " + v.type() + " vs actual " + t);
                }
            }
            out.add(t);
        }
        return out;
    }

    public static Tensor f(int[] shape, float... data) {
        return Tensor.ofFloats(shape, data);
    }

    public static Tensor l(int[] shape, long... data) {
        return Tensor.ofLongs(shape, data);
    }

    public static int[] s(int... dims) {
        return dims;
    }

    public static void assertTensor(int[] shape, float[] expected, Tensor actual) {
        assertArrayEquals(shape, actual.shape(), "shape");
        assertArrayEquals(expected, actual.floats(), 1e-6f, actual.toString());
    }

    public static void assertTensor(int[] shape, long[] expected, Tensor actual) {
        assertArrayEquals(shape, actual.shape(), "shape");
        assertArrayEquals(expected, actual.longs(), actual.toString());
    }
}
