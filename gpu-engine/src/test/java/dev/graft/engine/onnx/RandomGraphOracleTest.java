package dev.graft.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Random small graphs (a few to a dozen float ops over one input of shape
 * (b, s, d), with weights as initializers, values reused by later nodes) run on
 * Graft and on onnxruntime; the outputs must agree. Complements the single-op
 * oracle with what only whole graphs exercise: wiring, reuse of a value by
 * several readers, freeing, and inference across nodes.
 */
class RandomGraphOracleTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    /** A value of the graph being built and its static shape. */
    private record Val(String name, int[] shape) {
    }

    private static final class Builder {
        final Random r;
        final GraphProto.Builder g = GraphProto.newBuilder().setName("random");
        final List<Val> values = new ArrayList<>();
        int next;

        Builder(Random r) {
            this.r = r;
        }

        String fresh(String hint) {
            return hint + next++;
        }

        String weight(int... shape) {
            String name = fresh("w");
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(1);
            for (int d : shape) {
                t.addDims(d);
            }
            for (int i = 0; i < Tensor.sizeOf(shape); i++) {
                t.addFloatData((float) (r.nextGaussian() * 0.5));
            }
            g.addInitializer(t);
            return name;
        }

        String ints(long... values) {
            String name = fresh("c");
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(7).addDims(values.length);
            for (long v : values) {
                t.addInt64Data(v);
            }
            g.addInitializer(t);
            return name;
        }

        Val node(String op, int[] shape, List<String> inputs, AttributeProto... attributes) {
            Val out = new Val(fresh("v"), shape);
            NodeProto.Builder n = NodeProto.newBuilder().setName(fresh("n")).setOpType(op).addOutput(out.name());
            inputs.forEach(n::addInput);
            for (AttributeProto a : attributes) {
                n.addAttribute(a);
            }
            g.addNode(n);
            values.add(out);
            return out;
        }

        Val pick() {
            return values.get(r.nextInt(values.size()));
        }

        /** One random node reading earlier values; its output joins the pool. */
        void step() {
            Val x = pick();
            int[] s = x.shape();
            int last = s[s.length - 1];
            switch (r.nextInt(9)) {
                case 0 -> node(List.of("Tanh", "Sigmoid", "Neg", "Exp", "Erf").get(r.nextInt(5)), s, List.of(x.name()));
                case 1 -> {
                    Val y = sameShape(s);
                    node(List.of("Add", "Sub", "Mul").get(r.nextInt(3)), s, List.of(x.name(), y == null ? weight(last) : y.name()));
                }
                case 2 -> {
                    int n = 1 + r.nextInt(8);
                    int[] out = s.clone();
                    out[out.length - 1] = n;
                    node("MatMul", out, List.of(x.name(), weight(last, n)));
                }
                case 3 -> node("Softmax", s, List.of(x.name()), intAttr("axis", -1 - r.nextInt(s.length)));
                case 4 -> {
                    int[] out = {s[0], s[2], s[1]};
                    if (s.length == 3) {
                        node("Transpose", out, List.of(x.name()), intsAttr("perm", 0, 2, 1));
                    }
                }
                case 5 -> {
                    if (last == 1) {
                        return; // onnxruntime refuses to normalize a single element
                    }
                    String scale = weight(last);
                    String bias = weight(last);
                    node("LayerNormalization", s, List.of(x.name(), scale, bias), floatAttr("epsilon", 0.1f));
                }
                case 6 -> {
                    int[] keep = s.clone();
                    keep[keep.length - 1] = 1;
                    Val mean = node("ReduceMean", keep, List.of(x.name(), ints(-1)));
                    node("Sub", s, List.of(x.name(), mean.name()));
                }
                case 7 -> {
                    Val y = sameShape(s);
                    if (y != null && y != x) {
                        int[] out = s.clone();
                        out[out.length - 1] *= 2;
                        node("Concat", out, List.of(x.name(), y.name()), intAttr("axis", -1));
                    }
                }
                default -> {
                    if (s.length == 3 && last % 2 == 0) {
                        int[] out = {s[0], s[1], 2, last / 2};
                        Val split = node("Reshape", out, List.of(x.name(), ints(0, 0, 2, -1)));
                        node("Reshape", s, List.of(split.name(), ints(s[0], s[1], last)));
                    }
                }
            }
        }

        Val sameShape(int[] s) {
            List<Val> same = values.stream().filter(v -> Arrays.equals(v.shape(), s)).toList();
            return same.isEmpty() ? null : same.get(r.nextInt(same.size()));
        }
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    private static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    private static ValueInfoProto info(String name, int[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    @Property(tries = 150, seed = "20261126")
    void randomGraphsAgreeWithOnnxRuntime(@ForAll long seed) throws OrtException {
        Random r = new Random(seed);
        Builder b = new Builder(r);
        int[] shape = {1 + r.nextInt(3), 1 + r.nextInt(5), 2 * (1 + r.nextInt(4))};
        b.g.addInput(info("x", shape));
        b.values.add(new Val("x", shape));
        int steps = 3 + r.nextInt(10);
        for (int i = 0; i < steps; i++) {
            b.step();
        }
        // Two outputs: the last value and one picked at random, so intermediate values are observed too.
        List<Val> outs = List.of(b.values.getLast(), b.values.get(1 + r.nextInt(b.values.size() - 1)));
        for (Val v : outs.stream().distinct().toList()) {
            b.g.addOutput(info(v.name(), v.shape()));
        }
        byte[] model = ModelProto.newBuilder().setIrVersion(8).setGraph(b.g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(18)).build().toByteArray();
        float[] input = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextGaussian();
        }
        Graph graph = OnnxImporter.fromBytes(model, Path.of("random.onnx"));
        Map<String, Tensor> ours = new CpuExecutor(graph).run(Map.of("x", Tensor.ofFloats(shape, input)));
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), Arrays.stream(shape).asLongStream().toArray());
             OrtSession.Result result = session.run(Map.of("x", x))) {
            int k = 0;
            for (String name : ours.keySet()) {
                OnnxTensor t = (OnnxTensor) result.get(k++);
                FloatBuffer fb = t.getFloatBuffer();
                float[] theirs = new float[fb.remaining()];
                fb.get(theirs);
                float[] mine = ours.get(name).floats();
                assertArrayEquals(Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray(),
                        ours.get(name).shape(), name);
                for (int i = 0; i < mine.length; i++) {
                    if (!(Math.abs(mine[i] - theirs[i]) <= 1e-4 + 1e-4 * Math.abs(theirs[i]))) {
                        fail("seed " + seed + " output " + name + " element " + i + ": " + mine[i] + " vs onnxruntime "
                                + theirs[i] + "\n" + b.g.build().getNodeList().stream().map(NodeProto::getOpType).toList());
                    }
                }
            }
        }
    }
}
