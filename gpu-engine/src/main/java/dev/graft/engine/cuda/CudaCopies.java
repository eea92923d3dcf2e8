package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.standard.Slice;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Transpose, Slice, Expand, Concat and Split of floating values on the device: each is
 * one or more strided copies of the pointwise template ({@link Pointwise#COPY}), the op
 * deciding only the strides and offsets ({@link DeviceLayout}). Output shapes come from
 * type inference over the concrete shapes.
 */
final class CudaCopies implements DeviceOp {
    private final String op;

    private CudaCopies(String op) {
        this.op = op;
    }

    /** The copy of {@code op} (Transpose, Slice, Expand, Concat or Split). */
    static CudaCopies of(String op) {
        return new CudaCopies(op);
    }

    static Map<String, DeviceOp> all() {
        Map<String, DeviceOp> ops = new java.util.HashMap<>();
        for (String op : List.of("Transpose", "Slice", "Expand", "Concat", "Split")) {
            ops.put(op, new CudaCopies(op));
        }
        return ops;
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[][] shapes = call.outputShapes();
        List<Piece> merged = shapes == null ? null : plan(call, shapes);
        if (merged == null) {
            return null;
        }
        if (shapes.length == 1 && merged.size() == 1 && merged.getFirst().layout().flat(1)) {
            // the copy would keep every element where it is (a transpose that moves only axes of
            // size 1, a whole-tensor slice): the input's memory, seen with the output's shape
            return List.of(call.device(merged.getFirst().input()).view(shapes[0]));
        }
        List<DeviceTensor> outs = new ArrayList<>();
        for (int k = 0; k < shapes.length; k++) {
            outs.add(call.allocate(k, shapes[k]));
        }
        for (Piece p : merged) {
            Pointwise.launch(call.gpu(), Pointwise.COPY, outs.get(p.output()), p.layout(), call.device(p.input()));
        }
        return outs;
    }

    /**
     * The copies that make the outputs of {@code shapes}, each with its layout merged; {@code
     * null} when one needs more axes than the kernel takes.
     */
    List<Piece> plan(DeviceCall call, int[][] shapes) {
        int[] in = call.shape(0);
        List<Piece> pieces = switch (op) {
            case "Transpose" -> List.of(new Piece(0, 0, DeviceLayout.over(shapes[0]).operand(1, 0, transposed(call, in))));
            case "Slice" -> List.of(slice(call, in));
            case "Expand" -> List.of(new Piece(0, 0, DeviceLayout.over(shapes[0]).broadcast(1, in)));
            case "Concat" -> concat(call, shapes[0]);
            case "Split" -> split(call, in, shapes);
            default -> throw new IllegalStateException(op);
        };
        List<Piece> merged = new ArrayList<>();
        for (Piece p : pieces) {
            DeviceLayout l = p.layout().coalesced();
            if (!l.fits()) {
                return null;
            }
            merged.add(new Piece(p.input(), p.output(), l));
        }
        return merged;
    }

    /** One copy: from input {@code input} into output {@code output} along {@code layout}. */
    record Piece(int input, int output, DeviceLayout layout) {
    }

    /** Input strides in output-axis order: output axis d walks input axis perm[d]. */
    private static long[] transposed(DeviceCall call, int[] in) {
        long[] perm = call.attributes().getInts("perm");
        long[] contiguous = DeviceLayout.contiguous(in);
        long[] s = new long[in.length];
        for (int d = 0; d < in.length; d++) {
            s[d] = contiguous[perm == null ? in.length - 1 - d : (int) perm[d]];
        }
        return s;
    }

    private static Piece slice(DeviceCall call, int[] in) {
        Slice.View v = Slice.view(in, longs(call, 1), longs(call, 2), call.has(3) ? longs(call, 3) : null,
                call.has(4) ? longs(call, 4) : null);
        long[] strides = new long[v.strides().length];
        for (int d = 0; d < strides.length; d++) {
            strides[d] = v.strides()[d];
        }
        return new Piece(0, 0, DeviceLayout.over(v.shape()).operand(1, v.offset(), strides));
    }

    private static long[] longs(DeviceCall call, int i) {
        Tensor t = call.host(i);
        return t.longs();
    }

    /** Each input copied into its run of the output along the axis. */
    private static List<Piece> concat(DeviceCall call, int[] out) {
        int axis = Axes.normalize(call.attributes().getInt("axis", 0), out.length);
        long[] outStrides = DeviceLayout.contiguous(out);
        List<Piece> pieces = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < call.inputCount(); i++) {
            int[] shape = call.shape(i);
            if (Tensor.sizeOf(shape) > 0) {
                pieces.add(new Piece(i, 0, DeviceLayout.over(shape).operand(0, at * outStrides[axis], outStrides).same(1)));
            }
            at += shape[axis];
        }
        return pieces;
    }

    /** Each output copied from its run of the input along the axis. */
    private static List<Piece> split(DeviceCall call, int[] in, int[][] outs) {
        int axis = Axes.normalize(call.attributes().getInt("axis", 0), in.length);
        long[] inStrides = DeviceLayout.contiguous(in);
        List<Piece> pieces = new ArrayList<>();
        long at = 0;
        for (int k = 0; k < outs.length; k++) {
            pieces.add(new Piece(0, k, DeviceLayout.over(outs[k]).operand(1, at * inStrides[axis], inStrides)));
            at += outs[k][axis];
        }
        return pieces;
    }
}
