package dev.graft.engine.ops.standard;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.NotStaticException;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.ShapeValue;
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
        ShapeValue target = ctx.shapeValue(1);
        if (target == null) {
            int rank = Types.staticLength(ctx, 1);
            if (rank < 0) {
                throw new NotStaticException("the target shape's length must be known statically");
            }
            return List.of(new TensorType(in.dtype(), Shape.unknown(rank)));
        }
        boolean allowZero = ctx.attributes().getInt("allowzero", 0) != 0;
        if (target.isConstant() && in.shape().isStatic()) {
            return List.of(new TensorType(in.dtype(), Shape.of(resolve(in.shape().toInts(), target.known(), allowZero))));
        }
        List<Dim> dims = new ArrayList<>();
        int inferred = -1;
        for (int i = 0; i < target.length(); i++) {
            long t = target.known()[i];
            if (!target.isKnown(i)) {
                dims.add(target.dim(i));
            } else if (t == 0 && !allowZero) {
                if (i >= in.rank()) {
                    throw new OpException("target " + target + " copies dimension " + i + " of " + in + ", which has none");
                }
                dims.add(in.shape().dim(i));
            } else if (t == -1 && inferred < 0) {
                inferred = i;
                dims.add(Dim.UNKNOWN);
            } else if (t < 0) {
                throw new OpException("bad target shape " + target);
            } else {
                dims.add(Dim.of(t));
            }
        }
        if (inferred >= 0) {
            dims.set(inferred, remaining(in.shape().dims(), dims, inferred));
        }
        return List.of(new TensorType(in.dtype(), new Shape(dims)));
    }

    /**
     * The dimension a -1 stands for, found by cancelling symbols: the input's
     * symbols must cover the target's, and what is left over is either known
     * sizes (their quotient) or one symbol whose known factors cancel.
     */
    private static Dim remaining(List<Dim> input, List<Dim> target, int inferred) {
        List<Dim> symbols = new ArrayList<>();
        long inKnown = 1;
        for (Dim d : input) {
            if (d instanceof Dim.Unknown) {
                return Dim.UNKNOWN;
            }
            if (d.isKnown()) {
                inKnown *= d.size();
            } else {
                symbols.add(d);
            }
        }
        long outKnown = 1;
        for (int i = 0; i < target.size(); i++) {
            Dim d = target.get(i);
            if (i == inferred) {
                continue;
            }
            if (d.isKnown()) {
                outKnown *= d.size();
            } else if (!symbols.remove(d)) {
                return Dim.UNKNOWN;
            }
        }
        if (outKnown == 0 || inKnown % outKnown != 0) {
            return Dim.UNKNOWN;
        }
        if (symbols.isEmpty()) {
            return Dim.of(inKnown / outKnown);
        }
        return symbols.size() == 1 && inKnown == outKnown ? symbols.getFirst() : Dim.UNKNOWN;
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
