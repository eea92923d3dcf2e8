package dev.graft.engine.ops.fused;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.OpException;

/** Input checks the fused ops share; each failure is an {@link OpException} naming the input. */
final class Checks {
    private Checks() {
    }

    static TensorType floating(InferenceContext ctx, int i, String what) {
        TensorType t = ctx.inputType(i);
        if (!t.dtype().isFloating()) {
            throw new OpException(what + " must be a floating type, got " + t);
        }
        return t;
    }

    static void rank(TensorType t, int rank, String what) {
        if (t.rank() != rank) {
            throw new OpException(what + " must have rank " + rank + ", got " + t);
        }
    }

    /** Fails when both dimensions are known and differ. */
    static void sameDim(Dim a, Dim b, String what) {
        if (a.isKnown() && b.isKnown() && a.size() != b.size()) {
            throw new OpException(what + ": " + a + " and " + b + " differ");
        }
    }

    /** A 1-D parameter (norm weight, bias) whose length must be the last dimension of {@code x}. */
    static void lastAxisParameter(TensorType x, TensorType p, String what) {
        rank(p, 1, what);
        sameDim(p.shape().dim(0), x.shape().dim(x.rank() - 1), what + " length against the last dimension of " + x);
    }
}
