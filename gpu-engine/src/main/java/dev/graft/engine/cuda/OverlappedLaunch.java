package dev.graft.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * A launch that may start while the kernel before it on the stream is still running
 * (programmatic dependent launch, compute capability 9.0 on): {@code cuLaunchKernelEx} with
 * the programmatic-stream-serialization attribute, through java.lang.foreign, since JCuda
 * 12.0.0's driver binding has no cuLaunchKernelEx. The kernel so launched must execute
 * {@code griddepcontrol.wait} before it reads anything the kernel before it writes; the
 * kernel before it may let it start early with {@code griddepcontrol.launch_dependents}.
 * Captured into a CUDA graph, the stream order becomes a programmatic edge.
 */
final class OverlappedLaunch {
    /** CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION of cuda.h. */
    private static final int PROGRAMMATIC_STREAM_SERIALIZATION = 6;
    /** sizeof(CUlaunchAttribute): a 4-byte id padded to 8, then a 64-byte value union. */
    private static final long ATTRIBUTE_BYTES = 72;
    /** sizeof(CUlaunchConfig): seven unsigned ints, the stream at 32, the attributes at 40, their count at 48. */
    private static final long CONFIG_BYTES = 56;
    private static final MethodHandle LAUNCH_EX = Linker.nativeLinker().downcallHandle(
            NativeLibraries.load("libcuda.so.1").find("cuLaunchKernelEx")
                    .orElseThrow(() -> new CudaException("libcuda.so.1 has no cuLaunchKernelEx")),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    private OverlappedLaunch() {
    }

    static void launch(String name, CUfunction function, CudaStream stream, int[] grid, int[] block, int sharedBytes,
                       Object... args) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attribute = arena.allocate(ATTRIBUTE_BYTES, 8);
            attribute.set(JAVA_INT, 0, PROGRAMMATIC_STREAM_SERIALIZATION);
            attribute.set(JAVA_INT, 8, 1);
            MemorySegment config = arena.allocate(CONFIG_BYTES, 8);
            for (int i = 0; i < 3; i++) {
                config.set(JAVA_INT, 4L * i, grid[i]);
                config.set(JAVA_INT, 12 + 4L * i, block[i]);
            }
            config.set(JAVA_INT, 24, sharedBytes);
            config.set(ADDRESS, 32, MemorySegment.ofAddress(NativeHandles.address(stream.handle())));
            config.set(ADDRESS, 40, attribute);
            config.set(JAVA_INT, 48, 1);
            MemorySegment params = arena.allocate(ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                params.setAtIndex(ADDRESS, i, argument(arena, name, i, args[i]));
            }
            int result = (int) LAUNCH_EX.invokeExact(config,
                    MemorySegment.ofAddress(NativeHandles.address(function)), params, MemorySegment.NULL);
            CudaCheck.call(result, "overlapped launch of " + name);
        } catch (CudaException e) {
            throw e;
        } catch (Throwable t) {
            throw new CudaException("overlapped launch of " + name + " failed: " + t, t);
        }
    }

    /** The argument's value in native memory, as cuLaunchKernelEx reads kernel parameters. */
    private static MemorySegment argument(Arena arena, String name, int index, Object arg) {
        return switch (arg) {
            case DeviceBuffer b -> arena.allocateFrom(JAVA_LONG, NativeHandles.address(b.pointer()));
            case CUdeviceptr p -> arena.allocateFrom(JAVA_LONG, NativeHandles.address(p));
            case Integer v -> arena.allocateFrom(JAVA_INT, v);
            case Long v -> arena.allocateFrom(JAVA_LONG, v);
            case Float v -> arena.allocateFrom(JAVA_FLOAT, v);
            default -> throw new CudaException("kernel " + name + ": unsupported argument " + index + " of type "
                    + arg.getClass().getSimpleName() + " for an overlapped launch");
        };
    }
}
