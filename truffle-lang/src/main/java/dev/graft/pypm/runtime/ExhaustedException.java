package dev.graft.pypm.runtime;

import com.oracle.truffle.api.nodes.ControlFlowException;

/** A call found no fuel left: by CORE-SPEC section 5 the whole answer is Exhausted, so matching stops. */
public final class ExhaustedException extends ControlFlowException {
    public static final ExhaustedException INSTANCE = new ExhaustedException();

    private static final long serialVersionUID = 1L;

    private ExhaustedException() {
    }
}
