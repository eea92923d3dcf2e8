package dev.graft.engine.ops.standard;

import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpFamily;
import java.util.List;

/** The broadcasting arithmetic ops of ONNX. */
public final class ArithmeticOps implements OpFamily {
    @Override
    public List<Op> ops() {
        return List.of(
                new Arithmetic("Add", (a, b) -> a + b, Long::sum, false, false),
                new Arithmetic("Sub", (a, b) -> a - b, (a, b) -> a - b, false, false),
                new Arithmetic("Mul", (a, b) -> a * b, (a, b) -> a * b, false, false),
                new Arithmetic("Div", (a, b) -> a / b, ArithmeticOps::divide, false, false),
                new Arithmetic("Pow", ArithmeticOps::pow, (a, b) -> (long) Math.pow(a, b), false, true),
                new Arithmetic("Max", ArithmeticOps::max, Math::max, true, false),
                new Arithmetic("Min", ArithmeticOps::min, Math::min, true, false),
                new Arithmetic("Sum", (a, b) -> a + b, Long::sum, true, false),
                new Arithmetic("PRelu", (x, slope) -> x < 0 ? x * slope : x, null, false, false),
                new Arithmetic("BitwiseAnd", null, (a, b) -> a & b, false, false),
                new Arithmetic("BitwiseOr", null, (a, b) -> a | b, false, false),
                new Arithmetic("BitwiseXor", null, (a, b) -> a ^ b, false, false));
    }

    private static long divide(long a, long b) {
        if (b == 0) {
            throw new OpException("integer division by zero");
        }
        return a / b;
    }

    /** Squaring is the common case (RMSNorm, GELU) and needs no call to Math.pow. */
    private static float pow(float a, float b) {
        if (b == 2f) {
            return a * a;
        }
        return (float) Math.pow(a, b);
    }

    /** ONNX Max and Min propagate NaN, unlike a plain comparison. */
    private static float max(float a, float b) {
        return Math.max(a, b);
    }

    private static float min(float a, float b) {
        return Math.min(a, b);
    }
}
