package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * ONNX Slice (opset 10+, bounds as inputs): per axis, {@code start} to {@code end}
 * by {@code step}, negatives counting from the end, bounds clamped as numpy does.
 */
public final class Slice implements Op {
    @Override
    public String name() {
        return "Slice";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        long[] starts = Types.constantLongs(ctx, 1);
        long[] ends = Types.constantLongs(ctx, 2);
        long[] axes = Types.constantLongs(ctx, 3);
        long[] steps = Types.constantLongs(ctx, 4);
        boolean bounds = starts != null && ends != null && (axes != null || !ctx.hasInput(3))
                && (steps != null || !ctx.hasInput(4));
        List<Dim> dims = new ArrayList<>(in.shape().dims());
        if (!bounds) {
            // The axes that are cut may still be known; the others keep their size.
            int count = axes != null ? axes.length : ctx.hasInput(3) ? -1 : Types.staticLength(ctx, 1);
            if (count < 0) {
                return List.of(new TensorType(in.dtype(), Shape.unknown(in.rank())));
            }
            for (int a : axes != null ? Axes.normalize(axes, in.rank()) : firstAxes(count, in.rank())) {
                dims.set(a, Dim.UNKNOWN);
            }
            return List.of(new TensorType(in.dtype(), new Shape(dims)));
        }
        int[] cut = axes != null ? Axes.normalize(axes, in.rank()) : firstAxes(starts.length, in.rank());
        check(starts, ends, cut, steps);
        for (int i = 0; i < cut.length; i++) {
            Dim d = dims.get(cut[i]);
            long step = steps == null ? 1 : steps[i];
            if (d.isKnown()) {
                dims.set(cut[i], Dim.of(range(starts[i], ends[i], step, d.size())[2]));
            } else {
                dims.set(cut[i], Dim.UNKNOWN);
            }
        }
        return List.of(new TensorType(in.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        long[] starts = Types.longsOf(ctx.required(1), "starts");
        long[] ends = Types.longsOf(ctx.required(2), "ends");
        long[] axesGiven = ctx.input(3) == null ? null : Types.longsOf(ctx.input(3), "axes");
        long[] steps = ctx.input(4) == null ? null : Types.longsOf(ctx.input(4), "steps");
        View v = view(x.shape(), starts, ends, axesGiven, steps);
        return List.of(StridedCopy.copy(x, v.offset(), v.shape(), v.strides()));
    }

    /**
     * Where a slice reads its input: output element {@code (i0, ..., ir)} of shape
     * {@code shape} is input element {@code offset + sum(ik * strides[k])}.
     */
    public record View(int offset, int[] shape, int[] strides) {
    }

    /**
     * The view Slice reads from an input of shape {@code in}, with the bounds as
     * its inputs give them ({@code axes} and {@code steps} may be {@code null}).
     * Slice's gradient adds back through the same view.
     */
    public static View view(int[] in, long[] starts, long[] ends, long[] axes, long[] steps) {
        int[] cut = axes != null ? Axes.normalize(axes, in.length) : firstAxes(starts.length, in.length);
        check(starts, ends, cut, steps);
        int[] shape = in.clone();
        int[] strides = Strides.of(in);
        int[] outStrides = strides.clone();
        int offset = 0;
        for (int i = 0; i < cut.length; i++) {
            int a = cut[i];
            long step = steps == null ? 1 : steps[i];
            long[] r = range(starts[i], ends[i], step, shape[a]);
            shape[a] = (int) r[2];
            if (r[2] > 0) {
                offset += (int) r[0] * strides[a];
            }
            outStrides[a] = (int) (strides[a] * step);
        }
        return new View(offset, shape, outStrides);
    }

    private static int[] firstAxes(int count, int rank) {
        if (count > rank) {
            throw new OpException(count + " slice bounds for rank " + rank);
        }
        return IntStream.range(0, count).toArray();
    }

    private static void check(long[] starts, long[] ends, int[] axes, long[] steps) {
        if (starts.length != axes.length || ends.length != axes.length || steps != null && steps.length != axes.length) {
            throw new OpException("starts, ends, axes and steps must have the same length");
        }
        if (steps != null) {
            for (long s : steps) {
                if (s == 0) {
                    throw new OpException("a slice step cannot be 0");
                }
            }
        }
    }

    /** {start, end, count} after numpy's clamping, for a dimension of size {@code dim}. */
    private static long[] range(long start, long end, long step, long dim) {
        long s = start < 0 ? start + dim : start;
        long e = end < 0 ? end + dim : end;
        if (dim == 0) {
            return new long[] {0, 0, 0};
        }
        if (step > 0) {
            s = Math.clamp(s, 0, dim);
            e = Math.clamp(e, 0, dim);
        } else {
            s = Math.clamp(s, 0, dim - 1);
            e = Math.clamp(e, -1, dim - 1);
        }
        long count = step > 0 ? Math.max(0, (e - s + step - 1) / step) : Math.max(0, (s - e + (-step) - 1) / (-step));
        return new long[] {s, e, count};
    }
}
