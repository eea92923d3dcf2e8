package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuFuncGetAttribute;
import static jcuda.driver.JCudaDriver.cuFuncSetAttribute;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;

/**
 * One compiled kernel entry point, loaded from a cubin. Arguments are passed in the
 * order of the kernel's parameters: device pointers or buffers, Integer, Long, Float, and a
 * struct passed by value as its bytes (long[] or byte[], laid out as the kernel declares it).
 */
public final class CudaKernel {
    private final String name;
    private final CUfunction function = new CUfunction();
    /** Dynamic shared memory a launch may use without opting in: 48 KiB less the kernel's static shared memory. */
    private int dynamicSharedLimit;

    public CudaKernel(byte[] cubin, String entryPoint) {
        this.name = entryPoint;
        CUmodule module = new CUmodule();
        CudaCheck.call(cuModuleLoadData(module, cubin), "cuModuleLoadData of " + entryPoint);
        CudaCheck.call(cuModuleGetFunction(function, module, entryPoint), "cuModuleGetFunction " + entryPoint);
        int[] staticShared = new int[1];
        CudaCheck.call(cuFuncGetAttribute(staticShared, CUfunction_attribute.CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES,
                function), "cuFuncGetAttribute(static shared) of " + entryPoint);
        dynamicSharedLimit = 48 * 1024 - staticShared[0];
    }

    public String name() {
        return name;
    }

    /** Lets launches use up to {@code bytes} of dynamic shared memory (above 48 KiB with the static part needs opting in). */
    public void allowDynamicShared(int bytes) {
        if (bytes > dynamicSharedLimit) {
            CudaCheck.call(cuFuncSetAttribute(function,
                    CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES, bytes),
                    "cuFuncSetAttribute(max dynamic shared) of " + name);
            dynamicSharedLimit = bytes;
        }
    }

    /**
     * Asks for the largest shared-memory carveout, so that as many CTAs run at once as
     * the occupancy query counts (the default split can leave room for fewer).
     */
    public void preferMaxSharedCarveout() {
        CudaCheck.call(cuFuncSetAttribute(function,
                CUfunction_attribute.CU_FUNC_ATTRIBUTE_PREFERRED_SHARED_MEMORY_CARVEOUT, 100),
                "cuFuncSetAttribute(carveout) of " + name);
    }

    /** How many CTAs of this kernel one multiprocessor holds at once (registers, shared memory). */
    public int maxActiveBlocksPerSm(int threads, int dynamicSharedBytes) {
        int[] blocks = new int[1];
        CudaCheck.call(cuOccupancyMaxActiveBlocksPerMultiprocessor(blocks, function, threads, dynamicSharedBytes),
                "occupancy of " + name);
        return Math.max(1, blocks[0]);
    }

    public void launch(CudaStream stream, int[] grid, int[] block, int sharedBytes, Object... args) {
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case DeviceBuffer b -> Pointer.to(b.pointer());
                case CUdeviceptr p -> Pointer.to(p);
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case long[] struct -> Pointer.to(struct);
                case byte[] struct -> Pointer.to(struct);
                default -> throw new CudaException("kernel " + name + ": unsupported argument " + i + " of type "
                        + args[i].getClass().getSimpleName());
            };
        }
        CudaCheck.call(cuLaunchKernel(function, grid[0], grid[1], grid[2], block[0], block[1], block[2],
                sharedBytes, stream.handle(), Pointer.to(params), null), "launch of " + name);
    }

    /**
     * As {@link #launch}, but the kernel may start while the one before it on the stream
     * still runs (see {@link OverlappedLaunch}: it must wait for that kernel's results in
     * its own code). Device pointers and buffers, Integer, Long and Float arguments.
     */
    public void launchOverlapped(CudaStream stream, int[] grid, int[] block, int sharedBytes, Object... args) {
        OverlappedLaunch.launch(name, function, stream, grid, block, sharedBytes, args);
    }
}
