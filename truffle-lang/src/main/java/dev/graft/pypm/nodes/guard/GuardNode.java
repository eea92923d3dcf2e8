package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.TypeSystemReference;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.Node;

/**
 * A guard expression. It evaluates to a guard value (see {@link GuardTypes}) or throws
 * {@link dev.graft.pypm.runtime.GuardFailure}, which makes the whole guard false.
 */
@TypeSystemReference(GuardTypes.class)
public abstract class GuardNode extends Node {
    public abstract Object execute(VirtualFrame frame);
}
