package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.Fallback;
import com.oracle.truffle.api.dsl.Specialization;
import dev.graft.pypm.runtime.GuardFailure;
import dev.graft.pypm.runtime.GuardList;

/** {@code g[i]}: a negative index counts from the end; out of range is an error. */
public abstract class IndexNode extends BinaryGuardNode {
    @Specialization
    protected Object doList(GuardList list, long index) {
        long at = index < 0 ? index + list.size() : index;
        if (at < 0 || at >= list.size()) {
            throw GuardFailure.INSTANCE;
        }
        return list.get((int) at);
    }

    /** Indexing anything but a list, or with anything but an integer. */
    @Fallback
    protected Object typeMismatch(Object list, Object index) {
        throw GuardFailure.INSTANCE;
    }
}
