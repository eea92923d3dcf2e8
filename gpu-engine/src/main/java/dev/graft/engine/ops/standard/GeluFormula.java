package dev.graft.engine.ops.standard;

import dev.graft.engine.ops.OpException;
import java.util.function.DoubleUnaryOperator;

/**
 * GELU's two forms, named as ONNX's Gelu names them in its {@code approximate}
 * attribute; the standard Gelu op and the fused kernel compute the same function.
 */
public final class GeluFormula {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double SQRT_2 = Math.sqrt(2);

    private GeluFormula() {
    }

    /**
     * {@code "none"}: {@code 0.5 x (1 + erf(x / sqrt(2)))}, exact; {@code "tanh"}:
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. Any other name is an
     * {@link OpException}.
     */
    public static DoubleUnaryOperator of(String approximate) {
        return switch (approximate) {
            case "none" -> x -> 0.5 * x * (1 + Erf.erf(x / SQRT_2));
            case "tanh" -> x -> 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            default -> throw new OpException("Gelu approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }
}
