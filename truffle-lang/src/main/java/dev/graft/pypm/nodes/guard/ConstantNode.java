package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.frame.VirtualFrame;

/** A literal: an integer, string or boolean. */
public final class ConstantNode extends GuardNode {
    private final Object value;

    public ConstantNode(Object value) {
        this.value = value;
    }

    @Override
    public Object execute(VirtualFrame frame) {
        return value;
    }
}
