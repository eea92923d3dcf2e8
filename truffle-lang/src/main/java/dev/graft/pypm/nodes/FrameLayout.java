package dev.graft.pypm.nodes;

import com.oracle.truffle.api.frame.FrameDescriptor;
import com.oracle.truffle.api.frame.FrameSlotKind;

/**
 * The frame of every pattern root: a guard reads the substitution and activation that
 * its guarded pattern stored here, so guard nodes keep the plain {@code execute(frame)}
 * signature of the Truffle DSL.
 */
public final class FrameLayout {
    public static final int SUBST = 0;
    public static final int ENV = 1;

    private FrameLayout() {
    }

    public static FrameDescriptor descriptor() {
        FrameDescriptor.Builder builder = FrameDescriptor.newBuilder(2);
        builder.addSlot(FrameSlotKind.Object, "subst", null);
        builder.addSlot(FrameSlotKind.Object, "env", null);
        return builder.build();
    }
}
