package dev.graft.engine.cuda;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import java.util.List;

/**
 * An op run on a CUDA device in place of its CPU op, the contract: the contract names it,
 * infers its types, and runs the inputs the device does not take.
 */
abstract class CudaOp implements Op {
    /** The CPU op this one stands in for. */
    protected final Op contract;

    protected CudaOp(Op contract) {
        this.contract = contract;
    }

    @Override
    public final String name() {
        return contract.name();
    }

    @Override
    public final List<TensorType> inferTypes(InferenceContext ctx) {
        return contract.inferTypes(ctx);
    }
}
