package dev.graft.pypm.nodes.guard;

import com.oracle.truffle.api.dsl.Fallback;
import com.oracle.truffle.api.dsl.Specialization;
import dev.graft.pypm.runtime.GuardList;

/**
 * {@code ==} and {@code !=}: never fail; values of different types are unequal and
 * lists compare element by element.
 */
public abstract class EqualsNode extends BinaryGuardNode {
    private final boolean negated;

    protected EqualsNode(boolean negated) {
        this.negated = negated;
    }

    @Specialization
    protected boolean doLong(long a, long b) {
        return (a == b) != negated;
    }

    @Specialization
    protected boolean doBoolean(boolean a, boolean b) {
        return (a == b) != negated;
    }

    @Specialization
    protected boolean doString(String a, String b) {
        return a.equals(b) != negated;
    }

    /** Lists and mixed types: deep comparison, where a type difference means unequal. */
    @Fallback
    protected boolean doGeneric(Object a, Object b) {
        return GuardList.valuesEqual(a, b) != negated;
    }
}
