package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.Fallback;
import com.oracle.truffle.api.dsl.NodeChild;
import com.oracle.truffle.api.dsl.Specialization;
import dev.graft.pypm.runtime.GuardFailure;
import dev.graft.pypm.runtime.GuardList;

/** {@code len(g)}: the length of a list; anything else is a type mismatch. */
@NodeChild("list")
public abstract class LengthNode extends GuardNode {
    @Specialization
    protected long doList(GuardList list) {
        return list.size();
    }

    @Fallback
    protected Object typeMismatch(Object value) {
        throw GuardFailure.INSTANCE;
    }
}
