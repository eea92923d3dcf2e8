package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.grad.GatherGrad;
import dev.graft.engine.ops.grad.ReluGrad;
import dev.graft.engine.ops.grad.SliceGrad;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The host side of the training ops' device kernels against their CPU ops: GatherGrad's
 * walk (the kernel's index arithmetic replayed on the host) and checks, SliceGrad's
 * layout (walked as broadcast.cuh walks it), SoftmaxCrossEntropy's label checks, and
 * their registration. The kernels themselves run in the GPU checks ({@link TrainingChecks}).
 */
class TrainingDeviceOpsTest {
    private final Random random = new Random(31);

    @Test
    void theFamilyIsFoundByTheDeviceOpTable() {
        Map<String, DeviceOp> ops = DeviceOps.all();
        for (String op : List.of(GatherGrad.NAME, SliceGrad.NAME, SoftmaxCrossEntropy.NAME, ReluGrad.NAME)) {
            assertNotNull(ops.get(op), op);
        }
    }

    @Test
    void gatherGradWalkAddsRepeatedAndNegativeIndicesAsTheCpuOp() {
        int[][] shapes = {{7, 3}, {2, 5, 4}, {3, 4, 2, 2}};
        for (int[] shape : shapes) {
            for (int axis = -shape.length; axis < shape.length; axis++) {
                int a = axis < 0 ? axis + shape.length : axis;
                int size = shape[a];
                long[] indices = new long[9];
                for (int j = 0; j < indices.length; j++) {
                    indices[j] = random.nextInt(2 * size) - size;
                }
                int[] dyShape = shape.clone();
                dyShape[a] = indices.length;
                float[] dy = randomFloats(Tensor.sizeOf(dyShape));
                ScatterRows walk = ScatterRows.of(shape, axis, indices, dy.length);
                float[] want = gatherGrad(shape, axis, indices, Tensor.ofFloats(dyShape, dy)).floats();
                assertArrayEquals(want, kernelOnHost(walk, dy, indices, Tensor.sizeOf(shape)), 1e-6f,
                        Arrays.toString(shape) + " axis " + axis);
            }
        }
    }

    @Test
    void gatherGradRejectsWhatTheCpuOpRejectsWithItsMessage() {
        int[] shape = {4, 3};
        long[] outside = {0, 4, 1};
        Tensor dy = Tensor.ofFloats(new int[] {3, 3}, randomFloats(9));
        assertSameError(() -> gatherGrad(shape, 0, outside, dy), () -> ScatterRows.of(shape, 0, outside, 9));
        long[] below = {-5};
        Tensor one = Tensor.ofFloats(new int[] {1, 3}, randomFloats(3));
        assertSameError(() -> gatherGrad(shape, 0, below, one), () -> ScatterRows.of(shape, 0, below, 3));
        long[] fine = {0, 1};
        assertSameError(() -> gatherGrad(shape, 0, fine, dy), () -> ScatterRows.of(shape, 0, fine, 9));
    }

    @Test
    void sliceGradLayoutWritesDyWhereTheCpuOpDoes() {
        int[] shape = {5, 6, 4};
        long[][][] cases = {
                // starts, ends, axes, steps
                {{1}, {4}, null, null},
                {{-1, 0}, {-100, 100}, {1, 2}, {-2, 3}},
                {{4, 5}, {0, -7}, {0, -2}, {-1, -2}},
                {{0, 1, 2}, {5, 6, 3}, {2, 0, 1}, {1, 2, 1}},
                {{2}, {2}, {1}, {1}},
        };
        for (long[][] c : cases) {
            int[] dyShape = sliceShape(shape, c);
            float[] dy = randomFloats(Tensor.sizeOf(dyShape));
            Tensor want = sliceGrad(shape, c, Tensor.ofFloats(dyShape, dy));
            DeviceLayout layout = CudaSliceGrad.layout(shape, dyShape, c[0], c[1], c[2], c[3]);
            assertNotNull(layout);
            assertArrayEquals(want.floats(), LayoutWalk.copy(layout, dy, Tensor.sizeOf(shape)), Arrays.deepToString(c));
        }
    }

    @Test
    void sliceGradLeavesAMismatchedDyToTheCpuOp() {
        assertNull(CudaSliceGrad.layout(new int[] {5, 6}, new int[] {2, 6}, new long[] {1}, new long[] {4}, null, null));
    }

    @Test
    void crossEntropyRejectsWhatTheCpuOpRejectsWithItsMessage() {
        int[] logits = {2, 3, 5};
        Tensor z = Tensor.ofFloats(logits, randomFloats(30));
        long[] fine = {0, 4, 1, 2, 3, 0};
        assertEquals(6, CudaCrossEntropy.rows(logits, fine));
        long[] outside = {0, 4, 1, 5, 3, 0};
        assertSameError(() -> crossEntropy(z, outside), () -> CudaCrossEntropy.rows(logits, outside));
        long[] negative = {0, 4, -1, 2, 3, 0};
        assertSameError(() -> crossEntropy(z, negative), () -> CudaCrossEntropy.rows(logits, negative));
        long[] few = {0, 4};
        assertSameError(() -> crossEntropy(z, few), () -> CudaCrossEntropy.rows(logits, few));
    }

    @Test
    void theTemplatesCompileForHopperOverBothStorages(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String unavailable = null;
        try {
            Nvrtc.get().version();
        } catch (CudaException e) {
            unavailable = e.getMessage();
        }
        String why = unavailable;
        org.junit.jupiter.api.Assumptions.assumeTrue(why == null, () -> "no NVRTC: " + why);
        KernelCache cache = new KernelCache(dir, "sm_90");
        for (DeviceType t : new DeviceType[] {DeviceType.F32, DeviceType.BF16}) {
            for (KernelSource source : List.of(CudaGatherGrad.source(t), CudaCrossEntropy.source(t),
                    CudaReduce.source(false, true, t, DeviceType.F32), Pointwise.source(Pointwise.COPY, t, DeviceType.F32),
                    Pointwise.source(CudaReluGrad.EXPR, t, t, t))) {
                assertTrue(cache.get(source).cubin().length > 0, source.label());
            }
        }
    }

    /** gather_grad.cu's loop on the host: the same index arithmetic, each add in thread order. */
    private static float[] kernelOnHost(ScatterRows w, float[] dy, long[] idx, int outSize) {
        float[] sums = new float[outSize];
        for (long i = 0; i < w.elements(); i++) {
            long k = i % w.inner();
            long j = (i / w.inner()) % w.count();
            long o = i / (w.inner() * w.count());
            long row = idx[(int) j] < 0 ? idx[(int) j] + w.size() : idx[(int) j];
            sums[(int) ((o * w.size() + row) * w.inner() + k)] += dy[(int) i];
        }
        return sums;
    }

    private static void assertSameError(Runnable cpu, Runnable host) {
        String want = assertThrows(OpException.class, cpu::run).getMessage();
        assertEquals(want, assertThrows(OpException.class, host::run).getMessage());
    }

    private float[] randomFloats(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) random.nextGaussian();
        }
        return f;
    }

    private static Tensor gatherGrad(int[] shape, long axis, long[] indices, Tensor dy) {
        Tensor ix = Tensor.ofLongs(new int[] {indices.length}, indices);
        return run(new GatherGrad(), Attributes.NONE.with("axis", new Attribute.Int(axis)), dy, ix, longs(shape));
    }

    /** The CPU op's output for dy and bounds {starts, ends, axes, steps}. */
    private static Tensor sliceGrad(int[] shape, long[][] c, Tensor dy) {
        List<Tensor> in = new ArrayList<>(List.of(dy, longs(shape), Tensor.ofLongs(new int[] {c[0].length}, c[0]),
                Tensor.ofLongs(new int[] {c[1].length}, c[1])));
        in.add(c[2] == null ? null : Tensor.ofLongs(new int[] {c[2].length}, c[2]));
        in.add(c[3] == null ? null : Tensor.ofLongs(new int[] {c[3].length}, c[3]));
        return run(new SliceGrad(), Attributes.NONE, in.toArray(Tensor[]::new));
    }

    private static int[] sliceShape(int[] shape, long[][] c) {
        return dev.graft.engine.ops.standard.Slice.view(shape, c[0], c[1], c[2], c[3]).shape();
    }

    private static Tensor crossEntropy(Tensor logits, long[] labels) {
        return run(new SoftmaxCrossEntropy(), Attributes.NONE, logits,
                Tensor.ofLongs(new int[] {labels.length}, labels));
    }

    private static Tensor longs(int[] shape) {
        return Tensor.ofLongs(new int[] {shape.length}, Arrays.stream(shape).asLongStream().toArray());
    }

    private static Tensor run(Op op, Attributes attributes, Tensor... inputs) {
        Graph g = new Graph("t");
        List<dev.graft.engine.graph.Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            values.add(inputs[i] == null ? null : g.addInput("in" + i, new TensorType(inputs[i].dtype(),
                    Shape.of(inputs[i].shape()))));
        }
        Node n = g.addNode("n", op.domain(), op.name(), attributes, values, List.of("out"));
        return op.execute(new ExecutionContext(n, Arrays.asList(inputs))).getFirst();
    }
}
