package dev.graft.engine.ops.fused;

/** {@code FusedLayerNorm(x, weight[, bias]; epsilon)}: (x - mean) / sqrt(variance + epsilon) * weight + bias, over the last axis. */
public final class FusedLayerNorm extends LastAxisNorm {
    @Override
    public String name() {
        return "FusedLayerNorm";
    }

    @Override
    boolean centered() {
        return true;
    }
}
