package dev.graft.engine.cuda;

import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The addressing a grid-stride kernel walks (the {@code Layout} struct of broadcast.cuh):
 * an iteration shape in row-major order and, for each operand (0 is the output, then up to
 * three inputs), a base offset and a stride per axis in elements. Broadcasting is stride 0,
 * Transpose permutes strides, Slice scales them by its step and starts at an offset, Concat
 * and Split write or read at an offset of a larger tensor. {@link #coalesced()} merges
 * adjacent axes that stay contiguous for every operand, so a plain same-shape op becomes
 * one axis and its kernel divides nothing.
 */
final class DeviceLayout {
    static final int MAX_RANK = 8;
    static final int MAX_OPERANDS = 4;

    private final int[] shape;
    private final long[] offsets = new long[MAX_OPERANDS];
    private final long[][] strides;

    private DeviceLayout(int[] shape, long[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    /** The iteration shape {@code shape}, written contiguously from offset 0 (operand 0). */
    static DeviceLayout over(int[] shape) {
        long[][] s = new long[MAX_OPERANDS][shape.length];
        s[0] = contiguous(shape);
        return new DeviceLayout(shape.clone(), s);
    }

    /** Sets operand {@code k}'s base offset and strides (elements). */
    DeviceLayout operand(int k, long offset, long[] operandStrides) {
        if (operandStrides.length != shape.length) {
            throw new IllegalArgumentException("operand " + k + " has " + operandStrides.length + " strides for rank "
                    + shape.length);
        }
        offsets[k] = offset;
        strides[k] = operandStrides.clone();
        return this;
    }

    /** Operand {@code k} read contiguously with the iteration's own shape. */
    DeviceLayout same(int k) {
        return operand(k, 0, contiguous(shape));
    }

    /** Operand {@code k} of shape {@code operandShape}, broadcast (numpy rules) to the iteration shape. */
    DeviceLayout broadcast(int k, int[] operandShape) {
        return operand(k, 0, broadcastStrides(operandShape, shape));
    }

    int[] shape() {
        return shape.clone();
    }

    long[] strides(int k) {
        return strides[k].clone();
    }

    long offset(int k) {
        return offsets[k];
    }

    /** Row-major element strides of a contiguous tensor of {@code shape}. */
    static long[] contiguous(int[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = step;
            step *= shape[d];
        }
        return s;
    }

    /** Right-aligned strides of a contiguous operand broadcast to {@code shape}, 0 where it repeats. */
    static long[] broadcastStrides(int[] operand, int[] shape) {
        long[] s = new long[shape.length];
        long step = 1;
        for (int d = shape.length - 1, o = operand.length - 1; d >= 0; d--, o--) {
            int size = o >= 0 ? operand[o] : 1;
            if (size != 1 && size != shape[d]) {
                throw new IllegalArgumentException(Arrays.toString(operand) + " does not broadcast to "
                        + Arrays.toString(shape));
            }
            s[d] = size == 1 ? 0 : step;
            step *= size;
        }
        return s;
    }

    /**
     * The same walk over fewer axes: axes of size 1 dropped, and an axis merged into the
     * next where, for every operand, stepping it once is stepping the next one its full
     * length. Element order and offsets are unchanged.
     */
    DeviceLayout coalesced() {
        List<Integer> keep = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != 1) {
                keep.add(d);
            }
        }
        List<long[]> dims = new ArrayList<>();
        for (int d : keep) {
            long[] col = new long[MAX_OPERANDS + 1];
            col[0] = shape[d];
            for (int k = 0; k < MAX_OPERANDS; k++) {
                col[k + 1] = strides[k][d];
            }
            if (!dims.isEmpty() && mergesInto(dims.getLast(), col)) {
                long[] prev = dims.getLast();
                col[0] *= prev[0];
                dims.set(dims.size() - 1, col);
            } else {
                dims.add(col);
            }
        }
        int[] newShape = new int[dims.size()];
        long[][] newStrides = new long[MAX_OPERANDS][dims.size()];
        for (int d = 0; d < dims.size(); d++) {
            newShape[d] = Math.toIntExact(dims.get(d)[0]);
            for (int k = 0; k < MAX_OPERANDS; k++) {
                newStrides[k][d] = dims.get(d)[k + 1];
            }
        }
        DeviceLayout merged = new DeviceLayout(newShape, newStrides);
        System.arraycopy(offsets, 0, merged.offsets, 0, MAX_OPERANDS);
        return merged;
    }

    /** Whether the outer axis {@code outer} steps exactly one full run of {@code inner} for every operand. */
    private static boolean mergesInto(long[] outer, long[] inner) {
        for (int k = 1; k <= MAX_OPERANDS; k++) {
            if (outer[k] != inner[k] * inner[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the output and the first {@code inputs} operands are all read and written
     * contiguously in the walk's order from their offset 0: a coalesced same-shape walk.
     */
    boolean flat(int inputs) {
        if (shape.length != 1) {
            return false;
        }
        for (int k = 0; k <= inputs; k++) {
            if (offsets[k] != 0 || strides[k][0] != 1) {
                return false;
            }
        }
        return true;
    }

    /** Whether a kernel can take this walk (rank at most {@link #MAX_RANK}). */
    boolean fits() {
        return shape.length <= MAX_RANK;
    }

    long elements() {
        return Tensor.sizeOf(shape);
    }

    /** The struct as the kernel takes it: n, rank, shape[8], offset[4], stride[4][8], all 64-bit. */
    long[] pack() {
        if (!fits()) {
            throw new CudaException("a layout of rank " + shape.length + " exceeds the kernels' " + MAX_RANK);
        }
        long[] p = new long[2 + MAX_RANK + MAX_OPERANDS + MAX_OPERANDS * MAX_RANK];
        p[0] = elements();
        p[1] = shape.length;
        for (int d = 0; d < shape.length; d++) {
            p[2 + d] = shape[d];
        }
        System.arraycopy(offsets, 0, p, 2 + MAX_RANK, MAX_OPERANDS);
        for (int k = 0; k < MAX_OPERANDS; k++) {
            System.arraycopy(strides[k], 0, p, 2 + MAX_RANK + MAX_OPERANDS + k * MAX_RANK, shape.length);
        }
        return p;
    }
}
