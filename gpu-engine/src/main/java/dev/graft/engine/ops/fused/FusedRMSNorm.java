package dev.graft.engine.ops.fused;

/** {@code FusedRMSNorm(x, weight; epsilon)}: x / sqrt(mean(x^2 over the last axis) + epsilon) * weight. */
public final class FusedRMSNorm extends LastAxisNorm {
    @Override
    public String name() {
        return "FusedRMSNorm";
    }

    @Override
    boolean centered() {
        return false;
    }
}
