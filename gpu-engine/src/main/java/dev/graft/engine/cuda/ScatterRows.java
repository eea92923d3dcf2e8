package dev.graft.engine.cuda;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.grad.GatherGrad;

/**
 * The walk of GatherGrad's kernel (gather_grad.cu): dy, (outer, count, inner), adds into dx,
 * (outer, size, inner), at rows given by {@code count} indices. Built on the host from the
 * output shape, the axis and the indices, which it checks as the CPU op does and with its
 * messages, so the kernel reads only indices in -size..size-1.
 */
record ScatterRows(long outer, long count, long size, long inner) {

    /** The walk for dx of {@code shape} along {@code axis} (negative from the end) from dy of {@code dyElements}. */
    static ScatterRows of(int[] shape, long axis, long[] indices, long dyElements) {
        int a = Axes.normalize(axis, shape.length);
        long outer = Strides.span(shape, 0, a);
        long inner = Strides.span(shape, a + 1, shape.length);
        long size = shape[a];
        long expected = outer * indices.length * inner;
        if (dyElements != expected) {
            throw new OpException(GatherGrad.NAME + ": dy has " + dyElements + " elements, expected " + expected);
        }
        // The CPU op reads the indices once per outer block, so with none it checks none.
        for (int j = 0; outer > 0 && j < indices.length; j++) {
            if (indices[j] < -size || indices[j] >= size) {
                throw new OpException(GatherGrad.NAME + ": index " + indices[j] + " at position " + j + " is outside "
                        + (-size) + ".." + (size - 1));
            }
        }
        return new ScatterRows(outer, indices.length, size, inner);
    }

    /** The elements of dy: one thread's add each. */
    long elements() {
        return outer * count * inner;
    }
}
