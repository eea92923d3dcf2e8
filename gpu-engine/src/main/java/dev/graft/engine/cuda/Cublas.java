package dev.graft.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS of CUDA 13 (libcublas.so.13) through java.lang.foreign, with one handle bound to
 * one stream: the strided-batched fp32 GEMM that MatMul needs, in cuBLAS's default math
 * mode (true fp32, no TF32). JCuda's cuBLAS binding needs CUDA 12 libraries.
 */
public final class Cublas implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final int OP_N = 0;

    private final MethodHandle destroy;
    private final MethodHandle sgemmStridedBatched;
    private final MethodHandle statusName;
    private final MemorySegment handle;
    private final Arena arena = Arena.ofShared();

    public Cublas(CudaStream stream) {
        SymbolLookup lib = NativeLibraries.load("libcublas.so.13", "libcublasLt.so.13");
        MethodHandle create = handle(lib, "cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle setStream = handle(lib, "cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        destroy = handle(lib, "cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        statusName = handle(lib, "cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        sgemmStridedBatched = handle(lib, "cublasSgemmStridedBatched", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG,
                ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT));
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) create.invokeExact(out), "cublasCreate");
            handle = out.get(ADDRESS, 0);
            check((int) setStream.invokeExact(handle, MemorySegment.ofAddress(NativeHandles.address(stream.handle()))),
                    "cublasSetStream");
        } catch (CudaException e) {
            throw e;
        } catch (Throwable t) {
            throw new CudaException("cuBLAS initialization failed: " + t, t);
        }
    }

    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lib.find(name)
                .orElseThrow(() -> new CudaException("libcublas has no symbol " + name)), descriptor);
    }

    /**
     * {@code batch} row-major products {@code c[i] = a[i] (m x k) * b[i] (k x n)}, the i-th
     * operands {@code strideA}, {@code strideB}, {@code strideC} floats apart (0 repeats one).
     */
    public void matmul(DeviceBuffer a, long strideA, DeviceBuffer b, long strideB, DeviceBuffer c, long strideC,
                       int m, int k, int n, int batch) {
        // Row-major C = A B is column-major C^T = B^T A^T: swap the operands, keep the shapes.
        try (Arena call = Arena.ofConfined()) {
            MemorySegment one = call.allocateFrom(JAVA_FLOAT, 1f);
            MemorySegment zero = call.allocateFrom(JAVA_FLOAT, 0f);
            check((int) sgemmStridedBatched.invokeExact(handle, OP_N, OP_N, n, m, k, one,
                    device(b), n, strideB, device(a), k, strideA, zero, device(c), n, strideC, batch),
                    "cublasSgemmStridedBatched " + m + "x" + k + "x" + n + " x" + batch);
        } catch (CudaException e) {
            throw e;
        } catch (Throwable t) {
            throw new CudaException("cuBLAS call failed: " + t, t);
        }
    }

    private static MemorySegment device(DeviceBuffer buffer) {
        return MemorySegment.ofAddress(NativeHandles.address(buffer.pointer()));
    }

    private void check(int status, String call) throws Throwable {
        if (status != 0) {
            MemorySegment name = (MemorySegment) statusName.invokeExact(status);
            throw new CudaException(call + " failed: " + name.reinterpret(128).getString(0));
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) destroy.invokeExact(handle);
        } catch (Throwable t) {
            throw new CudaException("cublasDestroy failed: " + t, t);
        } finally {
            arena.close();
        }
    }
}
