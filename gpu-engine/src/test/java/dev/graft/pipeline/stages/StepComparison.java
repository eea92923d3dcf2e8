package dev.graft.pipeline.stages;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.LossAndGradients;
import java.util.Map;

/**
 * How far a training step is from the reference step: the relative error of the
 * loss and the largest relative error, ||got − want|| / ||want||, of any parameter's
 * gradient. A parameter missing on either side is an infinite error.
 */
public record StepComparison(double lossError, double gradientError, String worst) {

    public static StepComparison of(LossAndGradients want, LossAndGradients got) {
        double lossError = Math.abs(got.loss() - want.loss()) / Math.max(1e-12, Math.abs(want.loss()));
        double worstError = want.gradients().keySet().equals(got.gradients().keySet()) ? 0 : Double.POSITIVE_INFINITY;
        String worst = worstError == 0 ? "" : "gradient names differ";
        for (Map.Entry<String, Tensor> e : want.gradients().entrySet()) {
            Tensor g = got.gradients().get(e.getKey());
            if (g == null) {
                continue;
            }
            double err = relative(e.getValue().floats(), g.floats());
            if (err > worstError) {
                worstError = err;
                worst = e.getKey();
            }
        }
        return new StepComparison(lossError, worstError, worst);
    }

    /** The largest relative error of any parameter of {@code want} in {@code got}; a missing one is infinite. */
    public static double parameterError(Map<String, Tensor> want, Map<String, Tensor> got) {
        double worst = 0;
        for (Map.Entry<String, Tensor> e : want.entrySet()) {
            Tensor g = got.get(e.getKey());
            worst = Math.max(worst, g == null ? Double.POSITIVE_INFINITY : relative(e.getValue().floats(), g.floats()));
        }
        return worst;
    }

    public double error() {
        return Math.max(lossError, gradientError);
    }

    private static double relative(float[] want, float[] got) {
        if (want.length != got.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < want.length; i++) {
            diff += (double) (got[i] - want[i]) * (got[i] - want[i]);
            norm += (double) want[i] * want[i];
        }
        return Math.sqrt(diff) / Math.max(1e-30, Math.sqrt(norm));
    }
}
