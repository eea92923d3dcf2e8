package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.SoftmaxCrossEntropy;

/** Mean softmax cross-entropy: dlogits = (softmax(logits) − onehot(label)) · dloss / rows. */
public final class SoftmaxCrossEntropyGradient implements InterpretedRule {
    @Override
    public String op() {
        return SoftmaxCrossEntropy.NAME;
    }

    @Override
    public String domain() {
        return SoftmaxCrossEntropy.DOMAIN;
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        Tensor logits = ctx.input(0);
        long[] labels = ctx.input(1).toLongs();
        int classes = logits.dim(logits.rank() - 1);
        float scale = ctx.outputGrad(0).floats()[0] / labels.length;
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
        out[0] = InterpretedMath.floats(logits.shape(), dz);
        return out;
    }
}
