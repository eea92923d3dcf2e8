package dev.graft.pypm.nodes.guard;

import dev.graft.pypm.nodes.VariableRef;

/** {@code ?F}: the op name bound to a function variable. */
public final class FunctionNameNode extends BoundValueNode {
    public FunctionNameNode(VariableRef ref) {
        super(ref);
    }

    @Override
    protected Object project(Object bound) {
        return bound;
    }
}
