package dev.graft.engine.train.interpreted;

import dev.graft.engine.graph.Attributes;
import java.util.List;

/** Derivatives of ONNX's elementwise functions, written with the output y = f(x) where that is cheaper. */
public final class UnaryGradients {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    public List<InterpretedRule> rules() {
        return List.of(
                new PointwiseGradient("Identity", (x, y, a) -> 1),
                new PointwiseGradient("Neg", (x, y, a) -> -1),
                new PointwiseGradient("Exp", (x, y, a) -> y),
                new PointwiseGradient("Log", (x, y, a) -> 1 / x),
                new PointwiseGradient("Sqrt", (x, y, a) -> 0.5 / y),
                new PointwiseGradient("Reciprocal", (x, y, a) -> -y * y),
                new PointwiseGradient("Tanh", (x, y, a) -> 1 - y * y),
                new PointwiseGradient("Sigmoid", (x, y, a) -> y * (1 - y)),
                new PointwiseGradient("Relu", (x, y, a) -> x > 0 ? 1 : 0),
                new PointwiseGradient("Sin", (x, y, a) -> Math.cos(x)),
                new PointwiseGradient("Cos", (x, y, a) -> -Math.sin(x)),
                new PointwiseGradient("Erf", (x, y, a) -> 2 / Math.sqrt(Math.PI) * Math.exp(-x * x)),
                new PointwiseGradient("Gelu", UnaryGradients::gelu));
    }

    private static double gelu(double x, double y, Attributes attributes) {
        if (attributes.getString("approximate", "none").equals("tanh")) {
            double u = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
            double t = Math.tanh(u);
            double du = SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du;
        }
        double cdf = 0.5 * (1 + erf(x / Math.sqrt(2)));
        return cdf + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /** Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, well under float32 gradient noise. */
    private static double erf(double z) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z));
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double r = 1 - poly * Math.exp(-z * z);
        return z >= 0 ? r : -r;
    }
}
