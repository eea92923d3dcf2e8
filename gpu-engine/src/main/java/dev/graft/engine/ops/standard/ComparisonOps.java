package dev.graft.engine.ops.standard;

import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import java.util.List;

/** ONNX's comparisons and boolean logic, all with a bool result. */
public final class ComparisonOps implements OpFamily {
    @Override
    public List<Op> ops() {
        return List.of(
                new Comparison("Equal", (a, b) -> a == b, (a, b) -> a == b, false),
                new Comparison("Less", (a, b) -> a < b, (a, b) -> a < b, false),
                new Comparison("LessOrEqual", (a, b) -> a <= b, (a, b) -> a <= b, false),
                new Comparison("Greater", (a, b) -> a > b, (a, b) -> a > b, false),
                new Comparison("GreaterOrEqual", (a, b) -> a >= b, (a, b) -> a >= b, false),
                new Comparison("And", null, (a, b) -> a != 0 && b != 0, true),
                new Comparison("Or", null, (a, b) -> a != 0 || b != 0, true),
                new Comparison("Xor", null, (a, b) -> (a != 0) != (b != 0), true));
    }
}
