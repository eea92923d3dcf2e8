package dev.graft.engine.ops.fused;

import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import java.util.List;

/**
 * The kernels rewrite rules fuse subgraphs into (docs/OPS.md has their contracts),
 * with CPU reference implementations so rewritten graphs run anywhere.
 */
public final class FusedOps implements OpFamily {
    @Override
    public List<Op> ops() {
        return List.of(new FusedAttention(), new FusedRMSNorm(), new FusedLayerNorm(), new FusedRotary(),
                new FusedSwiGLU(), new FusedGelu(), new FusedMatMulBias());
    }
}
