package dev.graft.engine.ops.standard;

import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import java.util.List;

/** ONNX's Reduce* ops. */
public final class ReductionOps implements OpFamily {
    @Override
    public List<Op> ops() {
        return List.of(
                new Reduction("ReduceSum", 0, Double::sum, (acc, n) -> acc),
                new Reduction("ReduceMean", 0, Double::sum, (acc, n) -> acc / n),
                new Reduction("ReduceMax", Double.NEGATIVE_INFINITY, Math::max, (acc, n) -> acc),
                new Reduction("ReduceMin", Double.POSITIVE_INFINITY, Math::min, (acc, n) -> acc),
                new Reduction("ReduceProd", 1, (acc, x) -> acc * x, (acc, n) -> acc),
                new Reduction("ReduceSumSquare", 0, (acc, x) -> acc + x * x, (acc, n) -> acc),
                new Reduction("ReduceL1", 0, (acc, x) -> acc + Math.abs(x), (acc, n) -> acc),
                new Reduction("ReduceL2", 0, (acc, x) -> acc + x * x, (acc, n) -> Math.sqrt(acc)),
                new Reduction("ReduceLogSumExp", 0, (acc, x) -> acc + Math.exp(x), (acc, n) -> Math.log(acc)));
    }
}
