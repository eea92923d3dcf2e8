package dev.graft.engine.cuda;

/**
 * Whether device tensors start where the templates' vector paths may read them: eight
 * elements at a time are one 16-byte access in 16-bit storage and two in float, so each
 * tensor's first element must lie on 32 bytes (the pool's blocks do; a view need not).
 */
final class VectorAccess {
    private static final long ALIGNMENT = 32;

    private VectorAccess() {
    }

    static boolean aligned(DeviceTensor... tensors) {
        for (DeviceTensor t : tensors) {
            if (NativeHandles.address(t.pointer()) % ALIGNMENT != 0) {
                return false;
            }
        }
        return true;
    }
}
