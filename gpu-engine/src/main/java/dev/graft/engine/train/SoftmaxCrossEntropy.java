package dev.graft.engine.train;

import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * {@code graft.train::SoftmaxCrossEntropy(logits (…, C), labels (…)) → loss ()}:
 * the mean over all leading positions of −log softmax(logits)[label]. Computed
 * with the maximum subtracted, so large logits do not overflow.
 */
public final class SoftmaxCrossEntropy implements Op {
    public static final String DOMAIN = "graft.train";
    public static final String NAME = "SoftmaxCrossEntropy";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType logits = ctx.inputType(0);
        TensorType labels = ctx.inputType(1);
        if (!logits.dtype().isFloating() || labels.dtype().isFloating()) {
            throw new OpException("SoftmaxCrossEntropy takes floating logits and integer labels, got "
                    + logits + " and " + labels);
        }
        if (logits.rank() != labels.rank() + 1) {
            throw new OpException("SoftmaxCrossEntropy: logits " + logits + " must have one axis more than labels "
                    + labels);
        }
        return List.of(new TensorType(logits.dtype(), new Shape(List.of())));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor logits = ctx.required(0);
        long[] labels = ctx.required(1).toLongs();
        int classes = logits.dim(logits.rank() - 1);
        checkLabels(labels, classes, logits.size() / Math.max(1, classes));
        float[] z = logits.floats();
        double total = 0;
        for (int r = 0; r < labels.length; r++) {
            total += logSumExp(z, r * classes, classes) - z[r * classes + (int) labels[r]];
        }
        return List.of(Tensor.ofFloats(DType.FLOAT32, new int[0], (float) (total / labels.length)));
    }

    /** log Σ exp over one row, shifted by its maximum. */
    static double logSumExp(float[] z, int from, int n) {
        double max = rowMax(z, from, n);
        return max + Math.log(sumExp(z, from, n, max));
    }

    /** The largest of the {@code n} values from {@code from}. */
    public static double rowMax(float[] z, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, z[from + i]);
        }
        return max;
    }

    /** Σ exp(z − shift) over one row; shifting by the row's maximum keeps every term at most 1. */
    public static double sumExp(float[] z, int from, int n, double shift) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(z[from + i] - shift);
        }
        return sum;
    }

    static void checkLabels(long[] labels, int classes, int rows) {
        if (labels.length != rows) {
            throw new OpException("SoftmaxCrossEntropy: " + labels.length + " labels for " + rows + " rows of logits");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new OpException("SoftmaxCrossEntropy: label " + labels[i] + " at position " + i
                        + " is outside 0.." + (classes - 1));
            }
        }
    }
}
