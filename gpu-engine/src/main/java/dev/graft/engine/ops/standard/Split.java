package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Storage;
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
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Split along {@code axis}: sizes from the {@code split} input (opset 13+) or
 * attribute (older), else {@code num_outputs} (opset 18) or the node's output
 * count, as equal parts with a smaller last one.
 */
public final class Split implements Op {
    @Override
    public String name() {
        return "Split";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), in.rank());
        int outputs = ctx.node().outputs().size();
        Dim along = in.shape().dim(axis);
        long[] sizes = ctx.hasInput(1) ? Types.constantLongs(ctx, 1) : ctx.attributes().getInts("split");
        boolean sizesAtRunTime = ctx.hasInput(1) && sizes == null;
        if (sizes == null && !sizesAtRunTime && along.isKnown()) {
            sizes = equalParts(along.size(), parts(ctx.attributes().getInt("num_outputs", outputs), outputs));
        }
        List<TensorType> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            List<Dim> dims = new ArrayList<>(in.shape().dims());
            dims.set(axis, sizes == null ? Dim.UNKNOWN : Dim.of(sizes[i]));
            out.add(new TensorType(in.dtype(), new Shape(dims)));
        }
        if (sizes != null) {
            check(sizes, outputs, along.isKnown() ? along.size() : -1);
        }
        return out;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), x.rank());
        int outputs = ctx.node().outputs().size();
        long[] sizes = ctx.input(1) != null ? Types.longsOf(ctx.input(1), "split") : ctx.attributes().getInts("split");
        if (sizes == null) {
            sizes = equalParts(x.dim(axis), parts(ctx.attributes().getInt("num_outputs", outputs), outputs));
        }
        check(sizes, outputs, x.dim(axis));
        int outer = Strides.span(x.shape(), 0, axis);
        int inner = Strides.span(x.shape(), axis + 1, x.rank());
        Object src = Storage.of(x);
        int row = x.dim(axis) * inner;
        List<Tensor> out = new ArrayList<>();
        int at = 0;
        for (long size : sizes) {
            int[] shape = x.shape();
            shape[axis] = (int) size;
            int block = (int) size * inner;
            Object dst = Storage.allocate(x.dtype(), outer * block);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * row + at, dst, o * block, block);
            }
            at += block;
            out.add(Storage.wrap(x.dtype(), shape, dst));
        }
        return out;
    }

    private static int parts(long numOutputs, int outputs) {
        if (numOutputs != outputs) {
            throw new OpException("num_outputs is " + numOutputs + " but the node has " + outputs + " outputs");
        }
        return outputs;
    }

    private static long[] equalParts(long total, int parts) {
        long each = (total + parts - 1) / parts;
        long[] sizes = new long[parts];
        long left = total;
        for (int i = 0; i < parts; i++) {
            sizes[i] = Math.min(each, left);
            left -= sizes[i];
        }
        return sizes;
    }

    private static void check(long[] sizes, int outputs, long total) {
        if (sizes.length != outputs) {
            throw new OpException("split " + Arrays.toString(sizes) + " has " + sizes.length + " parts for "
                    + outputs + " outputs");
        }
        if (total >= 0 && Arrays.stream(sizes).sum() != total) {
            throw new OpException("split " + Arrays.toString(sizes) + " does not add up to " + total);
        }
    }
}
