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

/** ONNX Concat: joins inputs along {@code axis}; every other dimension must agree. */
public final class Concat implements Op {
    @Override
    public String name() {
        return "Concat";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        var dtype = Types.sameDType(ctx, ctx.inputCount());
        TensorType first = ctx.inputType(0);
        int rank = first.rank();
        int axis = Axes.normalize(ctx.attributes().getInt("axis", Long.MIN_VALUE), rank);
        List<Dim> dims = new ArrayList<>(first.shape().dims());
        long total = 0;
        boolean known = true;
        for (int i = 0; i < ctx.inputCount(); i++) {
            TensorType t = ctx.inputType(i);
            if (t.rank() != rank) {
                throw new OpException("inputs have different ranks: " + first + " and " + t);
            }
            for (int d = 0; d < rank; d++) {
                Dim a = dims.get(d);
                Dim b = t.shape().dim(d);
                if (d != axis && a.isKnown() && b.isKnown() && a.size() != b.size()) {
                    throw new OpException("inputs differ outside axis " + axis + ": " + first + " and " + t);
                }
                if (d != axis && !a.isKnown() && b.isKnown()) {
                    dims.set(d, b);
                }
            }
            Dim along = t.shape().dim(axis);
            known &= along.isKnown();
            total += along.isKnown() ? along.size() : 0;
        }
        dims.set(axis, known ? Dim.of(total) : Dim.UNKNOWN);
        return List.of(new TensorType(dtype, new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor first = ctx.required(0);
        int rank = first.rank();
        int axis = Axes.normalize(ctx.attributes().getInt("axis", Long.MIN_VALUE), rank);
        int[] out = first.shape();
        out[axis] = 0;
        for (Tensor t : ctx.inputs()) {
            int[] s = t.shape();
            if (s.length != rank || t.dtype() != first.dtype()) {
                throw new OpException("cannot concatenate " + t + " with " + first);
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && s[d] != first.dim(d)) {
                    throw new OpException("inputs differ outside axis " + axis + ": " + Arrays.toString(first.shape())
                            + " and " + Arrays.toString(s));
                }
            }
            out[axis] += s[axis];
        }
        int outer = Strides.span(out, 0, axis);
        int inner = Strides.span(out, axis + 1, rank);
        Object dst = Storage.allocate(first.dtype(), Tensor.sizeOf(out));
        int rowLength = out[axis] * inner;
        int at = 0;
        for (Tensor t : ctx.inputs()) {
            int block = t.dim(axis) * inner;
            Object src = Storage.of(t);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * block, dst, o * rowLength + at, block);
            }
            at += block;
        }
        return List.of(Storage.wrap(first.dtype(), out, dst));
    }
}
