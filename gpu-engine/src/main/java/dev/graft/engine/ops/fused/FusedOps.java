package dev.graft.engine.ops.fused;

import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpFamily;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kernels rewrite rules fuse subgraphs into (docs/OPS.md has their contracts),
 * with CPU reference implementations so rewritten graphs run anywhere.
 */
public final class FusedOps implements OpFamily {
    private static final List<Op> OPS = List.of(new FusedAttention(), new FusedRMSNorm(), new FusedLayerNorm(),
            new FusedRotary(), new FusedSwiGLU(), new FusedGelu(), new FusedMatMulBias());
    private static final Set<String> NAMES = OPS.stream().map(Op::name).collect(Collectors.toUnmodifiableSet());

    @Override
    public List<Op> ops() {
        return OPS;
    }

    /**
     * Whether an op name is one of these kernels: Graft's own ops, which live in the
     * graph's standard domain but are no ONNX op, so an ONNX file puts them in
     * Graft's domain.
     */
    public static boolean isFused(String op) {
        return NAMES.contains(op);
    }
}
