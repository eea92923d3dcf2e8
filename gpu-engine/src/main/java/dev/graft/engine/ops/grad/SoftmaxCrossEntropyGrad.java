package dev.graft.engine.ops.grad;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import java.util.List;

/**
 * {@code graft.train::SoftmaxCrossEntropyGrad(logits (…, C), labels (…), dloss ()) →
 * dlogits}, the gradient of {@link SoftmaxCrossEntropy} (the mean over positions):
 * {@code (softmax(logits) − onehot(label)) · dloss / positions}, the maximum subtracted
 * as the loss does.
 */
public final class SoftmaxCrossEntropyGrad implements Op {
    public static final String NAME = "SoftmaxCrossEntropyGrad";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String domain() {
        return SoftmaxCrossEntropy.DOMAIN;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        return List.of(ctx.inputType(0));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor logits = ctx.required(0);
        long[] labels = ctx.required(1).toLongs();
        int classes = logits.dim(logits.rank() - 1);
        SoftmaxCrossEntropy.checkLabels(labels, classes, logits.size() / Math.max(1, classes));
        float scale = ctx.required(2).floats()[0] / labels.length;
        float[] z = logits.floats();
        float[] dz = new float[z.length];
        for (int r = 0; r < labels.length; r++) {
            int base = r * classes;
            double max = SoftmaxCrossEntropy.rowMax(z, base, classes);
            double sum = SoftmaxCrossEntropy.sumExp(z, base, classes, max);
            for (int i = 0; i < classes; i++) {
                double p = Math.exp(z[base + i] - max) / sum;
                dz[base + i] = (float) ((p - (i == labels[r] ? 1 : 0)) * scale);
            }
        }
        return List.of(Tensor.ofFloats(DType.FLOAT32, logits.shape(), dz));
    }
}
