package dev.graft.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * onnxruntime as an oracle for op semantics: random small single-op models run
 * on both, outputs compared. Each generator picks shapes and attributes from a
 * seed so a failure reproduces.
 */
class OnnxRuntimeOracleTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    private static final List<Function<Random, OnnxModelBuilder>> CASES = List.of(
            r -> binary(r, List.of("Add", "Sub", "Mul", "Div", "Max", "Min").get(r.nextInt(6))),
            r -> binary(r, List.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual").get(r.nextInt(5))),
            r -> new OnnxModelBuilder(List.of("Exp", "Tanh", "Sigmoid", "Neg", "Abs", "Erf", "Sin", "Cos", "Relu", "Floor",
                    "Softplus", "Sinh", "Cosh", "Asinh", "Selu", "Celu", "ThresholdedRelu", "Elu", "LeakyRelu", "HardSigmoid",
                    "Softsign", "Atan", "Sign").get(r.nextInt(22))).input(floats(r, shape(r, 3))),
            r -> {
                Tensor x = floats(r, shape(r, 3));
                float[] v = x.floats();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) Math.tanh(v[i]) * 0.9f;
                }
                return new OnnxModelBuilder(List.of("Asin", "Acos", "Atanh").get(r.nextInt(3))).input(x);
            },
            r -> {
                Tensor x = positive(r, shape(r, 3));
                float[] v = x.floats();
                for (int i = 0; i < v.length; i++) {
                    v[i] += 1;
                }
                return new OnnxModelBuilder("Acosh").input(x);
            },
            r -> new OnnxModelBuilder("Mean").input(floats(r, shape(r, 2, 2))).input(floats(r, new int[] {1}))
                    .input(floats(r, new int[] {1})),
            r -> {
                Tensor x = floats(r, shape(r, 3));
                float[] v = x.floats();
                for (int i = 0; i < v.length; i++) {
                    v[i] = v[i] > 0.3f ? v[i] : 0;
                }
                return new OnnxModelBuilder("NonZero").input(x);
            },
            r -> new OnnxModelBuilder("Sqrt").input(positive(r, shape(r, 3))),
            r -> new OnnxModelBuilder("Log").input(positive(r, shape(r, 3))),
            r -> new OnnxModelBuilder("Pow").input(positive(r, shape(r, 2))).input(floats(r, new int[] {1})),
            OnnxRuntimeOracleTest::matMul,
            OnnxRuntimeOracleTest::gemm,
            r -> {
                int[] s = shape(r, 3);
                return new OnnxModelBuilder(r.nextBoolean() ? "Softmax" : "LogSoftmax").input(floats(r, s))
                        .attr("axis", (long) r.nextInt(s.length));
            },
            OnnxRuntimeOracleTest::reduce,
            r -> {
                int[] s = shape(r, 4);
                long[] perm = permutation(r, s.length);
                return new OnnxModelBuilder("Transpose").input(floats(r, s)).attr("perm", perm);
            },
            r -> {
                int[] s = shape(r, 3);
                int axis = r.nextInt(s.length);
                return new OnnxModelBuilder("Slice").input(floats(r, s)).constant(r.nextInt(9) - 4).constant(r.nextInt(9) - 4)
                        .constant(axis).constant(r.nextBoolean() ? 1 : -1 - r.nextInt(2));
            },
            r -> {
                int[] s = shape(r, 3);
                int axis = r.nextInt(s.length);
                long[] idx = new long[1 + r.nextInt(4)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = r.nextInt(2 * s[axis]) - s[axis];
                }
                return new OnnxModelBuilder("Gather").input(floats(r, s)).constant(idx).attr("axis", (long) axis);
            },
            r -> {
                int[] s = shape(r, 3);
                int axis = r.nextInt(s.length);
                int[] t = s.clone();
                t[axis] = 1 + r.nextInt(3);
                return new OnnxModelBuilder("Concat").input(floats(r, s)).input(floats(r, t)).attr("axis", (long) axis);
            },
            r -> {
                int[] s = shape(r, 3);
                int axis = r.nextInt(s.length);
                // onnxruntime refuses to normalize over a single element.
                s[s.length - 1] = 2 + r.nextInt(4);
                return new OnnxModelBuilder("LayerNormalization").input(floats(r, s))
                        .input(floats(r, Arrays.copyOfRange(s, axis, s.length)))
                        .input(floats(r, Arrays.copyOfRange(s, axis, s.length))).attr("axis", (long) axis)
                        // A variance near epsilon is ill-conditioned: onnxruntime's float sums and
                        // Graft's double sums then differ beyond any fixed tolerance.
                        .attr("epsilon", 0.1f);
            },
            r -> {
                int[] s = shape(r, 3);
                return new OnnxModelBuilder("CumSum").input(floats(r, s)).scalar(r.nextInt(s.length))
                        .attr("exclusive", (long) r.nextInt(2)).attr("reverse", (long) r.nextInt(2));
            },
            r -> {
                int[] s = shape(r, 3);
                long[] target = new long[s.length];
                int[] in = s.clone();
                for (int i = 0; i < s.length; i++) {
                    target[i] = s[i];
                    if (r.nextBoolean()) {
                        in[i] = 1;
                    }
                }
                return new OnnxModelBuilder("Expand").input(floats(r, in)).constant(target);
            },
            r -> new OnnxModelBuilder("Trilu").input(floats(r, shape(r, 3, 2))).scalar(r.nextInt(5) - 2)
                    .attr("upper", (long) r.nextInt(2)),
            r -> new OnnxModelBuilder("Cast").input(floats(r, shape(r, 3))).attr("to", 7L),
            r -> {
                int[] s = shape(r, 3);
                long[] reps = new long[s.length];
                for (int i = 0; i < reps.length; i++) {
                    reps[i] = 1 + r.nextInt(3);
                }
                return new OnnxModelBuilder("Tile").input(floats(r, s)).constant(reps);
            },
            r -> {
                int[] s = shape(r, 3);
                String mode = List.of("constant", "edge", "reflect").get(r.nextInt(3));
                long[] pads = new long[2 * s.length];
                for (int i = 0; i < pads.length; i++) {
                    // Reflection is only defined for pads shorter than the axis.
                    pads[i] = r.nextInt(mode.equals("reflect") ? Math.min(3, s[i % s.length]) : 3);
                }
                return new OnnxModelBuilder("Pad").input(floats(r, s)).constant(pads).attr("mode", mode);
            },
            r -> {
                int[] s = shape(r, 4);
                return new OnnxModelBuilder("Flatten").input(floats(r, s)).attr("axis", (long) r.nextInt(s.length + 1));
            },
            r -> new OnnxModelBuilder("Clip").input(floats(r, shape(r, 3))).scalar(-0.5f).scalar(0.7f),
            r -> {
                int[] s = shape(r, 3);
                int axis = r.nextInt(s.length);
                int[] is = s.clone();
                is[axis] = 1 + r.nextInt(4);
                long[] idx = new long[Tensor.sizeOf(is)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = r.nextInt(s[axis]);
                }
                return new OnnxModelBuilder("GatherElements").input(floats(r, s))
                        .input(Tensor.ofLongs(is, idx)).attr("axis", (long) axis);
            },
            r -> {
                int[] s = shape(r, 3, 2);
                long row = r.nextInt(s[0]);
                int[] us = s.clone();
                us[0] = 1;
                return new OnnxModelBuilder("ScatterND").input(floats(r, s)).input(Tensor.ofLongs(new int[] {1, 1}, row))
                        .input(floats(r, us));
            },
            r -> {
                int[] s = shape(r, 3);
                return new OnnxModelBuilder(r.nextBoolean() ? "ArgMax" : "ArgMin").input(floats(r, s))
                        .attr("axis", (long) r.nextInt(s.length)).attr("keepdims", (long) r.nextInt(2));
            },
            r -> {
                int[] s = shape(r, 3);
                return new OnnxModelBuilder("TopK").input(floats(r, s)).constant(1 + r.nextInt(s[s.length - 1]))
                        .attr("largest", (long) r.nextInt(2)).outputs(2);
            },
            r -> {
                String[] eqs = {"i,j->ij", "ij,jk->ik", "bij,bjk->bik", "ij->ji", "ii->i", "...ij,...jk->...ik", "ij,ij->"};
                int[][][] shapes = {{{3}, {4}}, {{2, 3}, {3, 4}}, {{2, 2, 3}, {2, 3, 2}}, {{2, 3}}, {{3, 3}},
                    {{2, 2, 2, 3}, {2, 2, 3, 2}}, {{2, 3}, {2, 3}}};
                int k = r.nextInt(eqs.length);
                OnnxModelBuilder b = new OnnxModelBuilder("Einsum").attr("equation", eqs[k]);
                for (int[] sh : shapes[k]) {
                    b.input(floats(r, sh));
                }
                return b;
            },
            r -> {
                int[] s = shape(r, 3);
                return new OnnxModelBuilder("Where").input(bools(r, s)).input(floats(r, s)).input(floats(r, new int[] {1}));
            });

    /** A fixed seed keeps CI deterministic; change it locally to explore other cases. */
    @Property(tries = 600, seed = "20261126")
    void graftAgreesWithOnnxRuntime(@ForAll long seed) throws OrtException {
        Random r = new Random(seed);
        OnnxModelBuilder b = CASES.get(r.nextInt(CASES.size())).apply(r);
        byte[] model = b.build();
        Graph g = OnnxImporter.fromBytes(model, Path.of("random.onnx"));
        Tensor ours = new CpuExecutor(g).run(b.feeds).get("y0");
        Tensor theirs = runOrt(model, b.feeds);
        String what = g.nodes().getFirst().op() + " " + b.feeds.values() + " seed " + seed;
        assertArrayEquals(theirs.shape(), ours.shape(), what);
        assertEquals(theirs.dtype(), ours.dtype(), what);
        for (int i = 0; i < ours.size(); i++) {
            double e = theirs.getDouble(i);
            double a = ours.getDouble(i);
            if (!(Math.abs(e - a) <= 1e-5 + 1e-5 * Math.abs(e)) && !(Double.isNaN(e) && Double.isNaN(a))) {
                fail(what + ": element " + i + " is " + a + ", onnxruntime says " + e);
            }
        }
    }

    private static Tensor runOrt(byte[] model, Map<String, Tensor> feeds) throws OrtException {
        try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> in = new HashMap<>();
            for (var e : feeds.entrySet()) {
                in.put(e.getKey(), toOrt(e.getValue()));
            }
            try (OrtSession.Result result = session.run(in)) {
                OnnxTensor out = (OnnxTensor) result.get(0);
                long[] shape = out.getInfo().getShape();
                int[] s = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
                Tensor t = switch (out.getInfo().type) {
                    case FLOAT -> {
                        FloatBuffer fb = out.getFloatBuffer();
                        float[] v = new float[fb.remaining()];
                        fb.get(v);
                        yield Tensor.ofFloats(s, v);
                    }
                    case INT64 -> {
                        LongBuffer lb = out.getLongBuffer();
                        long[] v = new long[lb.remaining()];
                        lb.get(v);
                        yield Tensor.ofLongs(s, v);
                    }
                    case BOOL -> {
                        ByteBuffer bb = out.getByteBuffer();
                        long[] v = new long[bb.remaining()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = bb.get();
                        }
                        yield Tensor.ofLongs(DType.BOOL, s, v);
                    }
                    default -> throw new IllegalStateException("unexpected output type " + out.getInfo().type);
                };
                in.values().forEach(OnnxTensor::close);
                return t;
            }
        }
    }

    private static OnnxTensor toOrt(Tensor t) throws OrtException {
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        if (t.dtype() == DType.FLOAT32) {
            return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(t.floats()), shape);
        }
        if (t.dtype() == DType.BOOL) {
            ByteBuffer bb = ByteBuffer.allocateDirect(t.size());
            for (long v : t.longs()) {
                bb.put((byte) v);
            }
            bb.flip();
            return OnnxTensor.createTensor(ENV, bb, shape, OnnxJavaType.BOOL);
        }
        return OnnxTensor.createTensor(ENV, LongBuffer.wrap(t.longs()), shape);
    }

    private static OnnxModelBuilder binary(Random r, String op) {
        int[] s = shape(r, 3);
        int[] t = s.clone();
        for (int i = 0; i < t.length; i++) {
            if (r.nextInt(3) == 0) {
                t[i] = 1;
            }
        }
        int drop = r.nextInt(t.length + 1);
        t = Arrays.copyOfRange(t, drop, t.length);
        boolean swap = r.nextBoolean();
        return new OnnxModelBuilder(op).input(floats(r, swap ? t : s)).input(floats(r, swap ? s : t));
    }

    private static OnnxModelBuilder matMul(Random r) {
        int m = 1 + r.nextInt(20);
        int k = 1 + r.nextInt(40);
        int n = 1 + r.nextInt(40);
        int batch = 1 + r.nextInt(3);
        int[] a = r.nextBoolean() ? new int[] {batch, m, k} : new int[] {m, k};
        int[] b = r.nextBoolean() ? new int[] {batch, k, n} : new int[] {k, n};
        return new OnnxModelBuilder("MatMul").input(floats(r, a)).input(floats(r, b));
    }

    private static OnnxModelBuilder gemm(Random r) {
        int m = 1 + r.nextInt(10);
        int k = 1 + r.nextInt(20);
        int n = 1 + r.nextInt(20);
        boolean ta = r.nextBoolean();
        boolean tb = r.nextBoolean();
        return new OnnxModelBuilder("Gemm").input(floats(r, ta ? new int[] {k, m} : new int[] {m, k}))
                .input(floats(r, tb ? new int[] {n, k} : new int[] {k, n})).input(floats(r, new int[] {n}))
                .attr("transA", ta ? 1L : 0L).attr("transB", tb ? 1L : 0L)
                .attr("alpha", (float) r.nextGaussian()).attr("beta", (float) r.nextGaussian());
    }

    private static OnnxModelBuilder reduce(Random r) {
        String op = List.of("ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceSumSquare",
                "ReduceL2", "ReduceLogSumExp").get(r.nextInt(8));
        int[] s = shape(r, 3);
        long[] axes = Arrays.stream(permutation(r, s.length)).limit(1 + r.nextInt(s.length)).toArray();
        return new OnnxModelBuilder(op).input(floats(r, s)).constant(axes).attr("keepdims", (long) r.nextInt(2));
    }

    private static int[] shape(Random r, int maxRank) {
        return shape(r, maxRank, 1);
    }

    private static int[] shape(Random r, int maxRank, int minRank) {
        int[] s = new int[minRank + r.nextInt(maxRank - minRank + 1)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 + r.nextInt(5);
        }
        return s;
    }

    private static long[] permutation(Random r, int n) {
        List<Long> p = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            p.add(i);
        }
        Collections.shuffle(p, r);
        return p.stream().mapToLong(Long::longValue).toArray();
    }

    private static Tensor floats(Random r, int[] shape) {
        float[] v = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }

    private static Tensor positive(Random r, int[] shape) {
        float[] v = floats(r, shape).floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]) + 0.1f;
        }
        return Tensor.ofFloats(shape, v);
    }

    private static Tensor bools(Random r, int[] shape) {
        long[] v = new long[Tensor.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(2);
        }
        return Tensor.ofLongs(DType.BOOL, shape, v);
    }
}
