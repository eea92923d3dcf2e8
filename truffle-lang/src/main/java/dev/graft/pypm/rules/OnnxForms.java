package dev.graft.pypm.rules;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Readings of ONNX nodes whose meaning is spread over constant inputs and opset
 * versions, for the builtins {@code reduce_axes}, {@code slice_bounds} and
 * {@code is_causal_mask}. Anything not constant or not of the expected form is
 * {@link NotApplicable}.
 */
final class OnnxForms {
    private OnnxForms() {
    }

    private static Node producer(Value v, String what, String... ops) {
        Node n = v.producer();
        if (n == null || !List.of(ops).contains(n.op())) {
            throw new NotApplicable(what + " needs the output of " + String.join(" or ", ops) + ", got '" + v.name() + "'");
        }
        return n;
    }

    private static int rank(Value v) {
        if (v.type() == null) {
            throw new NotApplicable("value '" + v.name() + "' has no type");
        }
        return v.type().rank();
    }

    private static long axis(long a, int rank) {
        long n = a < 0 ? a + rank : a;
        if (n < 0 || n >= rank) {
            throw new NotApplicable("axis " + a + " out of range for rank " + rank);
        }
        return n;
    }

    static List<Object> reduceAxes(Value v, Constants constants) {
        Node n = producer(v, "reduce_axes", "ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd");
        int rank = rank(n.input(0));
        long[] axes;
        if (n.input(1) != null) {
            axes = constants.require(n.input(1)).toLongs();
        } else {
            axes = n.attributes().getInts("axes");
        }
        List<Object> out = new ArrayList<>();
        if (axes == null || axes.length == 0) {
            if (n.attributes().getInt("noop_with_empty_axes", 0) != 0) {
                return out;
            }
            for (long i = 0; i < rank; i++) {
                out.add(i);
            }
            return out;
        }
        for (long a : axes) {
            out.add(axis(a, rank));
        }
        out.sort((x, y) -> Long.compare((Long) x, (Long) y));
        return out;
    }

    static List<Object> sliceBounds(Value v, Constants constants) {
        Node n = producer(v, "slice_bounds", "Slice");
        Value data = n.input(0);
        int rank = rank(data);
        long[] starts = constants.require(n.input(1)).toLongs();
        long[] ends = constants.require(n.input(2)).toLongs();
        long[] axes = n.input(3) == null ? new long[] {0} : constants.require(n.input(3)).toLongs();
        long[] steps = n.input(4) == null ? new long[] {1} : constants.require(n.input(4)).toLongs();
        if (starts.length != 1 || ends.length != 1 || axes.length != 1 || steps.length != 1) {
            throw new NotApplicable("slice_bounds reads a Slice of one axis");
        }
        long axis = axis(axes[0], rank);
        var dim = data.type().shape().dim((int) axis);
        if (!dim.isKnown()) {
            throw new NotApplicable("slice_bounds needs the sliced dimension's size");
        }
        long size = dim.size();
        return List.of(axis, clamp(starts[0], size), clamp(ends[0], size), steps[0]);
    }

    private static long clamp(long index, long size) {
        long i = index < 0 ? index + size : index;
        return Math.max(0, Math.min(size, i));
    }

    static boolean isCausalMask(Value v, Constants constants) {
        Tensor m = constants.require(v);
        int[] shape = m.shape();
        if (shape.length < 2 || !m.dtype().isFloating()) {
            return false;
        }
        for (int i = 0; i < shape.length - 2; i++) {
            if (shape[i] != 1) {
                return false;
            }
        }
        int sq = shape[shape.length - 2];
        int skv = shape[shape.length - 1];
        for (int i = 0; i < sq; i++) {
            for (int j = 0; j < skv; j++) {
                double x = m.getDouble(i * skv + j);
                boolean visible = j <= i + (skv - sq);
                if (visible ? x != 0 : x > -1e30) {
                    return false;
                }
            }
        }
        return true;
    }
}
