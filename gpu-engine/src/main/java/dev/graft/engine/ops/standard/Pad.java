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
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * ONNX Pad (opset 11+): {@code pads} as an input ({@code [begin..., end...]} per
 * padded axis, negative crops), optional constant value and axes; modes
 * constant, edge and reflect.
 */
public final class Pad implements Op {
    @Override
    public String name() {
        return "Pad";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        long[] pads = Types.constantLongs(ctx, 1);
        long[] axes = Types.constantLongs(ctx, 3);
        if (pads == null || Types.axesAtRunTime(ctx, 3)) {
            return List.of(new TensorType(in.dtype(), Shape.unknown(in.rank())));
        }
        long[] full = fullPads(pads, axes, in.rank());
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < in.rank(); i++) {
            Dim d = in.shape().dim(i);
            long grow = full[i] + full[i + in.rank()];
            dims.add(grow == 0 ? d : d.isKnown() ? Dim.of(d.size() + grow) : Dim.UNKNOWN);
        }
        return List.of(new TensorType(in.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int rank = x.rank();
        long[] pads = fullPads(Types.longsOf(ctx.required(1), "pads"),
                ctx.input(3) == null ? null : Types.longsOf(ctx.input(3), "axes"), rank);
        String mode = ctx.attributes().getString("mode", "constant");
        if (!mode.equals("constant") && !mode.equals("edge") && !mode.equals("reflect")) {
            throw new OpException("Pad mode '" + mode + "' is not supported (constant, edge, reflect are)");
        }
        int[] in = x.shape();
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = Math.toIntExact(in[i] + pads[i] + pads[i + rank]);
            if (out[i] < 0) {
                throw new OpException("pads crop axis " + i + " below zero");
            }
        }
        Tensor fill = ctx.input(2);
        Object src = Storage.of(x);
        Object dst = Storage.allocate(x.dtype(), Tensor.sizeOf(out));
        if (fill != null && fill.size() > 0) {
            Object value = Array.get(Storage.of(fill), 0);
            for (int i = 0; i < Array.getLength(dst); i++) {
                Array.set(dst, i, value);
            }
        }
        int[] srcStrides = Strides.of(in);
        int[] index = new int[rank];
        for (int flat = 0; flat < Tensor.sizeOf(out); flat++) {
            int rest = flat;
            for (int d = rank - 1; d >= 0; d--) {
                index[d] = rest % out[d];
                rest /= out[d];
            }
            int at = 0;
            boolean inside = true;
            for (int d = 0; d < rank && inside; d++) {
                int i = (int) (index[d] - pads[d]);
                if (i < 0 || i >= in[d]) {
                    if (mode.equals("constant") || in[d] == 0) {
                        inside = false;
                        break;
                    }
                    i = mode.equals("edge") ? Math.clamp(i, 0, in[d] - 1) : reflect(i, in[d]);
                }
                at += i * srcStrides[d];
            }
            if (inside) {
                System.arraycopy(src, at, dst, flat, 1);
            }
        }
        return List.of(Storage.wrap(x.dtype(), out, dst));
    }

    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }

    /** Pads for every axis, {@code [begin_0..begin_r-1, end_0..end_r-1]}. */
    private static long[] fullPads(long[] pads, long[] axes, int rank) {
        int[] which = axes == null ? IntStream.range(0, rank).toArray() : Axes.normalize(axes, rank);
        if (pads.length != 2 * which.length) {
            throw new OpException("pads has " + pads.length + " entries for " + which.length + " axes");
        }
        long[] full = new long[2 * rank];
        for (int k = 0; k < which.length; k++) {
            full[which[k]] = pads[k];
            full[which[k] + rank] = pads[k + which.length];
        }
        return full;
    }
}
