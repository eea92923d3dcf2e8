package dev.graft.pypm.nodes;

import com.oracle.truffle.api.Truffle;
import com.oracle.truffle.api.frame.FrameDescriptor;
import com.oracle.truffle.api.frame.VirtualFrame;
import dev.graft.pypm.runtime.Env;
import dev.graft.pypm.runtime.Subst;

/**
 * Guards run in a small frame of their own whose arguments are the substitution and
 * activation they speak of, so guard nodes keep the {@code execute(frame)} signature of
 * the Truffle DSL while pattern nodes pass no frame at all (a parameter runs its
 * argument's nodes from another root, and a frame must not escape into such a call).
 */
public final class GuardFrame {
    static final int SUBST = 0;
    static final int ENV = 1;
    private static final FrameDescriptor GUARD_FRAME = new FrameDescriptor();

    private GuardFrame() {
    }

    static VirtualFrame create(Subst s, Env env) {
        return Truffle.getRuntime().createVirtualFrame(new Object[] {s, env}, GUARD_FRAME);
    }

    public static Subst subst(VirtualFrame frame) {
        return (Subst) frame.getArguments()[SUBST];
    }

    public static Env env(VirtualFrame frame) {
        return (Env) frame.getArguments()[ENV];
    }
}
