package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.UnaryMath;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import java.util.List;

/** ONNX's elementwise functions of one input. */
public final class UnaryOps implements OpFamily {
    @Override
    public List<Op> ops() {
        return List.of(
                Unary.vectorized("Neg", UnaryMath.NEG, x -> -x),
                Unary.vectorized("Abs", UnaryMath.ABS, Math::abs),
                Unary.of("Sign", Math::signum, Long::signum),
                Unary.vectorized("Exp", UnaryMath.EXP, null),
                Unary.vectorized("Log", UnaryMath.LOG, null),
                Unary.vectorized("Sqrt", UnaryMath.SQRT, null),
                Unary.vectorized("Reciprocal", UnaryMath.RECIPROCAL, null),
                Unary.vectorized("Tanh", UnaryMath.TANH, null),
                Unary.of("Erf", Erf::erf, null),
                Unary.of("Sin", Math::sin, null),
                Unary.of("Cos", Math::cos, null),
                Unary.of("Tan", Math::tan, null),
                Unary.of("Atan", Math::atan, null),
                Unary.of("Asin", Math::asin, null),
                Unary.of("Acos", Math::acos, null),
                Unary.of("Sinh", Math::sinh, null),
                Unary.of("Cosh", Math::cosh, null),
                Unary.of("Asinh", x -> Math.log(x + Math.sqrt(x * x + 1)), null),
                Unary.of("Acosh", x -> Math.log(x + Math.sqrt(x * x - 1)), null),
                Unary.of("Atanh", x -> 0.5 * Math.log((1 + x) / (1 - x)), null),
                Unary.vectorized("Sigmoid", UnaryMath.SIGMOID, null),
                Unary.vectorized("Relu", UnaryMath.RELU, x -> Math.max(x, 0)),
                Unary.of("Floor", Math::floor, null),
                Unary.of("Ceil", Math::ceil, null),
                Unary.of("Round", Math::rint, null),
                Unary.of("Softplus", x -> x > 20 ? x : Math.log1p(Math.exp(x)), null),
                Unary.of("Softsign", x -> x / (1 + Math.abs(x)), null),
                Unary.of("Mish", x -> x * Math.tanh(Math.log1p(Math.exp(x))), null),
                Unary.of("HardSwish", x -> x * Math.max(0, Math.min(1, x / 6 + 0.5)), null),
                Unary.configured("LeakyRelu", a -> {
                    double alpha = a.getFloat("alpha", 0.01f);
                    return x -> x < 0 ? alpha * x : x;
                }),
                Unary.configured("Elu", a -> {
                    double alpha = a.getFloat("alpha", 1f);
                    return x -> x < 0 ? alpha * (Math.exp(x) - 1) : x;
                }),
                Unary.configured("Selu", a -> {
                    double alpha = a.getFloat("alpha", 1.67326319217681884765625f);
                    double gamma = a.getFloat("gamma", 1.05070102214813232421875f);
                    return x -> gamma * (x > 0 ? x : alpha * (Math.exp(x) - 1));
                }),
                Unary.configured("Celu", a -> {
                    double alpha = a.getFloat("alpha", 1f);
                    return x -> Math.max(0, x) + Math.min(0, alpha * (Math.exp(x / alpha) - 1));
                }),
                Unary.configured("ThresholdedRelu", a -> {
                    double alpha = a.getFloat("alpha", 1f);
                    return x -> x > alpha ? x : 0;
                }),
                Unary.configured("HardSigmoid", a -> {
                    double alpha = a.getFloat("alpha", 0.2f);
                    double beta = a.getFloat("beta", 0.5f);
                    return x -> Math.max(0, Math.min(1, alpha * x + beta));
                }),
                Unary.configured("Gelu", a -> GeluFormula.of(a.getString("approximate", "none"))));
    }
}
