package dev.graft.engine.cuda;

import java.lang.reflect.Method;
import jcuda.NativePointerObject;
import jcuda.Pointer;

/**
 * The raw addresses behind JCuda's handle objects (device pointers, streams), for the
 * CUDA 13 libraries called through java.lang.foreign. JCuda keeps them in protected
 * accessors; its jar sits on the class path, so reflection may open them.
 */
final class NativeHandles {
    private static final Method NATIVE_POINTER = accessor(NativePointerObject.class, "getNativePointer");
    private static final Method BYTE_OFFSET = accessor(Pointer.class, "getByteOffset");

    private NativeHandles() {
    }

    private static Method accessor(Class<?> owner, String name) {
        try {
            Method m = owner.getDeclaredMethod(name);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JCuda 12.0.0 has " + owner.getName() + "." + name, e);
        }
    }

    /** The address an object stands for, with a pointer's byte offset added. */
    static long address(NativePointerObject object) {
        try {
            long base = (long) NATIVE_POINTER.invoke(object);
            return object instanceof Pointer p ? base + (long) BYTE_OFFSET.invoke(p) : base;
        } catch (ReflectiveOperationException e) {
            throw new CudaException("cannot read the address of " + object, e);
        }
    }
}
