package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX Reshape: a 0 in the target copies the input's dimension (unless
 * {@code allowzero=1}), one -1 takes whatever size is left.
 */
public final class Reshape implements Op {
    @Override
    public String name() {
        return "Reshape";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        long[] target = Types.constantLongs(ctx, 1);
        if (target == null) {
            int rank = Types.staticLength(ctx, 1);
            if (rank < 0) {
                throw new OpException("the target shape's length must be known statically");
            }
            return List.of(new TensorType(in.dtype(), Shape.unknown(rank)));
        }
        boolean allowZero = ctx.attributes().getInt("allowzero", 0) != 0;
        if (in.shape().isStatic()) {
            return List.of(new TensorType(in.dtype(), Shape.of(resolve(in.shape().toInts(), target, allowZero))));
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < target.length; i++) {
            if (target[i] == 0 && !allowZero && i < in.rank()) {
                dims.add(in.shape().dim(i));
            } else {
                dims.add(target[i] < 0 ? Dim.UNKNOWN : Dim.of(target[i]));
            }
        }
        return List.of(new TensorType(in.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        long[] target = Types.longsOf(ctx.required(1), "shape");
        boolean allowZero = ctx.attributes().getInt("allowzero", 0) != 0;
        return List.of(x.reshape(resolve(x.shape(), target, allowZero)));
    }

    /** The concrete shape a target means for an input of shape {@code in}. */
    static int[] resolve(int[] in, long[] target, boolean allowZero) {
        int[] out = new int[target.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long t = target[i];
            if (t == 0 && !allowZero) {
                if (i >= in.length) {
                    throw new OpException("target " + Arrays.toString(target) + " copies dimension " + i
                            + " of " + Arrays.toString(in) + ", which has none");
                }
                out[i] = in[i];
            } else if (t == -1 && inferred < 0) {
                inferred = i;
                continue;
            } else if (t < 0) {
                throw new OpException("bad target shape " + Arrays.toString(target));
            } else {
                out[i] = Math.toIntExact(t);
            }
            known *= out[i];
        }
        long total = Tensor.sizeOf(in);
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw new OpException("cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(target));
            }
            out[inferred] = (int) (total / known);
        } else if (known != total) {
            throw new OpException("cannot reshape " + Arrays.toString(in) + " (" + total + " elements) to "
                    + Arrays.toString(target));
        }
        return out;
    }
}
