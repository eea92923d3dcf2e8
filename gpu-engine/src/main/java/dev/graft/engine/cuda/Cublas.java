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
 * one stream: the strided-batched GEMM (GemmEx: fp32 or bf16 operands, fp32 accumulation)
 * that MatMul, Gemm and attention's products need, in cuBLAS's default math mode (true
 * fp32, no TF32). JCuda's cuBLAS binding needs CUDA 12 libraries.
 */
public final class Cublas implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final int OP_N = 0;
    private static final int OP_T = 1;
    private static final int CUDA_R_32F = 0;
    private static final int CUDA_R_16BF = 14;
    private static final int COMPUTE_32F = 68;
    private static final int GEMM_DEFAULT = -1;

    private final MethodHandle destroy;
    private final MethodHandle gemmStridedBatchedEx;
    private final MethodHandle statusName;
    private final MemorySegment handle;
    private final Arena arena = Arena.ofShared();
    /** alpha and beta: cuBLAS reads them from the host during the call, so one pair serves every call. */
    private final MemorySegment scalars = arena.allocate(8, 8);

    public Cublas(CudaStream stream) {
        SymbolLookup lib = NativeLibraries.load("libcublas.so.13", "libcublasLt.so.13");
        MethodHandle create = handle(lib, "cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle setStream = handle(lib, "cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        destroy = handle(lib, "cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        statusName = handle(lib, "cublasGetStatusName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        gemmStridedBatchedEx = handle(lib, "cublasGemmStridedBatchedEx", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS,
                ADDRESS, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
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
     * {@code batch} row-major products {@code c[i] = alpha op(a[i]) op(b[i]) + beta c[i]},
     * op(a) m x k (stored k x m when {@code transA}), op(b) k x n (stored n x k when
     * {@code transB}), the i-th operands {@code strideA}, {@code strideB}, {@code strideC}
     * elements apart (0 repeats one). a and b share one storage type; c may be wider (bf16
     * operands, fp32 scores). Accumulation is fp32 in cuBLAS's default math mode (no TF32).
     * Only queues work on the stream.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, DeviceTensor a, long strideA,
                     DeviceTensor b, long strideB, float beta, DeviceTensor c, long strideC, int batch) {
        if (a.type() != b.type() || a.type() == DeviceType.I64 || c.type() == DeviceType.I64) {
            throw new CudaException("cuBLAS GEMM of " + a.type() + " x " + b.type() + " -> " + c.type());
        }
        // Row-major C = A B is column-major C^T = B^T A^T: swap the operands, keep the shapes.
        scalars.set(JAVA_FLOAT, 0, alpha);
        scalars.set(JAVA_FLOAT, 4, beta);
        try {
            check((int) gemmStridedBatchedEx.invokeExact(handle, transB ? OP_T : OP_N, transA ? OP_T : OP_N, n, m, k,
                    scalars.asSlice(0, 4), device(b), dataType(b.type()), transB ? k : n, strideB,
                    device(a), dataType(a.type()), transA ? m : k, strideA, scalars.asSlice(4, 4),
                    device(c), dataType(c.type()), n, strideC, batch, COMPUTE_32F, GEMM_DEFAULT),
                    "cublasGemmStridedBatchedEx " + m + "x" + k + "x" + n + " x" + batch + " " + a.type());
        } catch (CudaException e) {
            throw e;
        } catch (Throwable t) {
            throw new CudaException("cuBLAS call failed: " + t, t);
        }
    }

    /** cudaDataType_t of a storage type. */
    private static int dataType(DeviceType type) {
        return type == DeviceType.BF16 ? CUDA_R_16BF : CUDA_R_32F;
    }

    private static MemorySegment device(DeviceTensor tensor) {
        return MemorySegment.ofAddress(NativeHandles.address(tensor.pointer()));
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
