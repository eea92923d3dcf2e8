package dev.graft.engine.train.interpreted;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.tensor.Tensor;

/** Contiguous ranges along one axis of a row-major tensor: what Concat joins and Split cuts. */
final class Slabs {
    private Slabs() {
    }

    /** Positions {@code from .. from+size−1} along {@code axis} of {@code t}. */
    static Tensor take(Tensor t, int axis, int from, int size) {
        int[] shape = t.shape();
        int outer = Strides.span(shape, 0, axis);
        int inner = Strides.span(shape, axis + 1, shape.length);
        float[] src = t.floats();
        float[] out = new float[outer * size * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, (o * shape[axis] + from) * inner, out, o * size * inner, size * inner);
        }
        int[] outShape = shape.clone();
        outShape[axis] = size;
        return InterpretedMath.floats(outShape, out);
    }

    /** Writes {@code slab} into {@code into} (of shape {@code shape}) at {@code from} along {@code axis}. */
    static void put(float[] into, int[] shape, int axis, int from, Tensor slab) {
        int outer = Strides.span(shape, 0, axis);
        int inner = Strides.span(shape, axis + 1, shape.length);
        int size = slab.dim(axis);
        float[] src = slab.floats();
        for (int o = 0; o < outer; o++) {
            System.arraycopy(src, o * size * inner, into, (o * shape[axis] + from) * inner, size * inner);
        }
    }
}
