package dev.graft.pypm.runtime;

import com.oracle.truffle.api.nodes.ControlFlowException;

/**
 * An error while evaluating a guard (unbound variable, missing attribute, type mismatch,
 * index out of range, division by zero, overflow). It unwinds to the guarded pattern,
 * which treats the whole guard as false, even under {@code not}.
 */
public final class GuardFailure extends ControlFlowException {
    public static final GuardFailure INSTANCE = new GuardFailure();

    private static final long serialVersionUID = 1L;

    private GuardFailure() {
    }
}
