package dev.graft.pypm.nodes.guard;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.nodes.VariableRef;

/** {@code x.op}. */
public final class OpNameNode extends BoundValueNode {
    public OpNameNode(VariableRef ref) {
        super(ref);
    }

    @Override
    protected Object project(Object bound) {
        return ((Term) bound).op();
    }
}
