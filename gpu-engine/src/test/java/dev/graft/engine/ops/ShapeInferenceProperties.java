package dev.graft.engine.ops;

import static dev.graft.engine.ops.OpRunner.attrs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random shapes and attributes through {@link OpRunner}, which fails when an
 * op's inferred type disagrees with what its CPU implementation produces.
 */
class ShapeInferenceProperties {

    private static int[] randomShape(Random r, int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = 1 + r.nextInt(4);
        }
        return s;
    }

    private static Tensor random(Random r, int[] shape) {
        float[] v = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }

    @Property(tries = 150)
    void matMulBatchesBroadcast(@ForAll long seed) {
        Random r = new Random(seed);
        int m = 1 + r.nextInt(5);
        int k = 1 + r.nextInt(5);
        int n = 1 + r.nextInt(5);
        int[] batch = randomShape(r, r.nextInt(3));
        int[] aShape = concat(r.nextBoolean() ? batch : new int[0], m, k);
        int[] bBatch = batch.clone();
        for (int i = 0; i < bBatch.length; i++) {
            bBatch[i] = r.nextBoolean() ? 1 : bBatch[i];
        }
        int[] bShape = concat(bBatch, k, n);
        Tensor out = OpRunner.run("MatMul", Attributes.NONE, random(r, aShape), random(r, bShape));
        assertEquals(m, out.dim(out.rank() - 2));
        assertEquals(n, out.dim(out.rank() - 1));
    }

    @Property(tries = 150)
    void transposeByAnyPermutation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 5) int rank) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank);
        List<Long> perm = new ArrayList<>();
        for (long i = 0; i < rank; i++) {
            perm.add(i);
        }
        Collections.shuffle(perm, r);
        long[] p = perm.stream().mapToLong(Long::longValue).toArray();
        Tensor x = random(r, shape);
        Tensor t = OpRunner.run("Transpose", attrs("perm", p), x);
        // Transposing back by the inverse permutation restores the input.
        long[] inverse = new long[rank];
        for (int i = 0; i < rank; i++) {
            inverse[(int) p[i]] = i;
        }
        assertArrayEquals(x.floats(), OpRunner.run("Transpose", attrs("perm", inverse), t).floats());
    }

    @Property(tries = 150)
    void reductionsOverRandomAxes(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rank,
                                  @ForAll boolean keep) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank);
        List<Long> axes = new ArrayList<>();
        for (long i = 0; i < rank; i++) {
            if (r.nextBoolean()) {
                axes.add(r.nextBoolean() ? i : i - rank);
            }
        }
        Tensor axesTensor = Tensor.ofLongs(new int[] {axes.size()}, axes.stream().mapToLong(Long::longValue).toArray());
        Tensor x = random(r, shape);
        Tensor sum = OpRunner.runWithConstants("ReduceSum", attrs("keepdims", keep ? 1 : 0), x, axesTensor);
        double total = 0;
        for (float v : x.floats()) {
            total += v;
        }
        double reduced = 0;
        for (float v : sum.floats()) {
            reduced += v;
        }
        assertEquals(total, reduced, 1e-4);
    }

    @Property(tries = 150)
    void slicesWithRandomBounds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank);
        int axis = r.nextInt(rank);
        long start = r.nextInt(11) - 5;
        long end = r.nextInt(11) - 5;
        long step = r.nextBoolean() ? 1 + r.nextInt(2) : -1 - r.nextInt(2);
        Tensor x = random(r, shape);
        OpRunner.runWithConstants("Slice", Attributes.NONE, x, Tensor.ofLongs(new int[] {1}, start),
                Tensor.ofLongs(new int[] {1}, end), Tensor.ofLongs(new int[] {1}, axis), Tensor.ofLongs(new int[] {1}, step));
        OpRunner.run("Slice", Attributes.NONE, x, Tensor.ofLongs(new int[] {1}, start),
                Tensor.ofLongs(new int[] {1}, end), Tensor.ofLongs(new int[] {1}, axis), Tensor.ofLongs(new int[] {1}, step));
    }

    @Property(tries = 100)
    void concatSplitRoundTrip(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank) {
        Random r = new Random(seed);
        int[] shape = randomShape(r, rank);
        int axis = r.nextInt(rank);
        Tensor x = random(r, shape);
        int first = r.nextInt(shape[axis] + 1);
        List<Tensor> parts = OpRunner.run("Split", attrs("axis", axis), 2, true, x,
                Tensor.ofLongs(new int[] {2}, first, shape[axis] - first));
        Tensor back = OpRunner.run("Concat", attrs("axis", axis), parts.get(0), parts.get(1));
        assertArrayEquals(x.floats(), back.floats());
    }

    private static int[] concat(int[] head, int... tail) {
        int[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
