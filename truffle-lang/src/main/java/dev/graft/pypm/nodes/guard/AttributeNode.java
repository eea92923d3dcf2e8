package dev.graft.pypm.nodes.guard;

import dev.graft.pypm.core.Term;
import dev.graft.pypm.core.Value;
import dev.graft.pypm.nodes.VariableRef;
import dev.graft.pypm.runtime.GuardFailure;
import dev.graft.pypm.runtime.GuardList;

/** {@code x.attr("name")}: a missing attribute is an error. */
public final class AttributeNode extends BoundValueNode {
    private final String name;

    public AttributeNode(VariableRef ref, String name) {
        super(ref);
        this.name = name;
    }

    @Override
    protected Object project(Object bound) {
        Value value = ((Term) bound).attributes().get(name);
        if (value == null) {
            throw GuardFailure.INSTANCE;
        }
        return GuardList.of(value);
    }
}
