package dev.graft.pypm.nodes.guard;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.nodes.VariableRef;

/** {@code x.arity}. */
public final class ArityNode extends BoundValueNode {
    public ArityNode(VariableRef ref) {
        super(ref);
    }

    @Override
    protected Object project(Object bound) {
        return (long) ((Term) bound).arity();
    }
}
