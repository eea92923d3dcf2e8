package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.FloatArithmetic;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpFamily;
import java.util.List;

/** The broadcasting arithmetic ops of ONNX. */
public final class ArithmeticOps implements OpFamily {
    @Override
    public List<Op> ops() {
        return List.of(
                new Arithmetic("Add", FloatArithmetic.ADD, Long::sum, false, false),
                new Arithmetic("Sub", FloatArithmetic.SUB, (a, b) -> a - b, false, false),
                new Arithmetic("Mul", FloatArithmetic.MUL, (a, b) -> a * b, false, false),
                new Arithmetic("Div", FloatArithmetic.DIV, ArithmeticOps::divide, false, false),
                new Arithmetic("Pow", FloatArithmetic.POW, (a, b) -> (long) Math.pow(a, b), false, true),
                new Arithmetic("Max", FloatArithmetic.MAX, Math::max, true, false),
                new Arithmetic("Min", FloatArithmetic.MIN, Math::min, true, false),
                new Arithmetic("Sum", FloatArithmetic.ADD, Long::sum, true, false),
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
}
