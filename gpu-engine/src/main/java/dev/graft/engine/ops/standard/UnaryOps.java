package dev.graft.engine.ops.standard;

import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpFamily;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** ONNX's elementwise functions of one input. */
public final class UnaryOps implements OpFamily {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    @Override
    public List<Op> ops() {
        return List.of(
                new Unary("Neg", x -> -x, x -> -x),
                new Unary("Abs", Math::abs, Math::abs),
                new Unary("Sign", Math::signum, Long::signum),
                new Unary("Exp", Math::exp, null),
                new Unary("Log", Math::log, null),
                new Unary("Sqrt", Math::sqrt, null),
                new Unary("Reciprocal", x -> 1 / x, null),
                new Unary("Tanh", Math::tanh, null),
                new Unary("Erf", Erf::erf, null),
                new Unary("Sin", Math::sin, null),
                new Unary("Cos", Math::cos, null),
                new Unary("Tan", Math::tan, null),
                new Unary("Atan", Math::atan, null),
                new Unary("Sigmoid", UnaryOps::sigmoid, null),
                new Unary("Relu", x -> Math.max(x, 0), x -> Math.max(x, 0)),
                new Unary("Floor", Math::floor, null),
                new Unary("Ceil", Math::ceil, null),
                new Unary("Round", Math::rint, null),
                new Unary("Softplus", x -> x > 20 ? x : Math.log1p(Math.exp(x)), null),
                new Unary("Softsign", x -> x / (1 + Math.abs(x)), null),
                new Unary("Mish", x -> x * Math.tanh(Math.log1p(Math.exp(x))), null),
                new Unary("HardSwish", x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)), null),
                Unary.configured("LeakyRelu", a -> {
                    double alpha = a.getFloat("alpha", 0.01f);
                    return x -> x < 0 ? alpha * x : x;
                }),
                Unary.configured("Elu", a -> {
                    double alpha = a.getFloat("alpha", 1f);
                    return x -> x < 0 ? alpha * (Math.exp(x) - 1) : x;
                }),
                Unary.configured("HardSigmoid", a -> {
                    double alpha = a.getFloat("alpha", 0.2f);
                    double beta = a.getFloat("beta", 0.5f);
                    return x -> Math.max(0, Math.min(1, alpha * x + beta));
                }),
                Unary.configured("Gelu", a -> gelu(a.getString("approximate", "none"))));
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private static DoubleUnaryOperator gelu(String approximate) {
        return switch (approximate) {
            case "none" -> x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
            case "tanh" -> x -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            default -> throw new OpException("Gelu approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }
}
