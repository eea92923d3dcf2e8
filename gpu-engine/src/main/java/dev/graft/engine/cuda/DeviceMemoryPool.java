package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory handed out in size classes (powers of two up to 2 MiB, then multiples of
 * 2 MiB) and reused after release, so steady-state steps allocate nothing. Every request
 * is checked against the device's free memory and the pool's own limit first, so running
 * out gives one clear error before any kernel is launched.
 */
public final class DeviceMemoryPool implements AutoCloseable {
    private static final long LARGE = 2L << 20;

    private final CudaContext context;
    private final long limitBytes;
    private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();
    private final java.util.List<CUdeviceptr> owned = new java.util.ArrayList<>();
    private long reservedBytes;

    /** A pool that may hold up to {@code limitBytes} (Long.MAX_VALUE: whatever the device has). */
    public DeviceMemoryPool(CudaContext context, long limitBytes) {
        this.context = context;
        this.limitBytes = limitBytes;
    }

    public DeviceBuffer allocate(long bytes, String what) {
        if (bytes <= 0) {
            throw new CudaException(what + ": device allocation of " + bytes + " bytes");
        }
        long size = sizeClass(bytes);
        ArrayDeque<CUdeviceptr> cached = free.get(size);
        if (cached != null && !cached.isEmpty()) {
            return new DeviceBuffer(this, cached.pop(), size);
        }
        long available = Math.min(context.memoryInfo()[0], limitBytes - reservedBytes);
        if (size > available) {
            throw new CudaException("out of device memory: " + what + " needs " + size + " bytes, "
                    + Math.max(0, available) + " are free");
        }
        CUdeviceptr pointer = new CUdeviceptr();
        CudaCheck.call(cuMemAlloc(pointer, size), "cuMemAlloc of " + size + " bytes for " + what);
        reservedBytes += size;
        owned.add(pointer);
        return new DeviceBuffer(this, pointer, size);
    }

    /** Bytes this pool may still take, the lesser of its own limit and the device's free memory. */
    public long availableBytes() {
        return Math.min(context.memoryInfo()[0], limitBytes - reservedBytes);
    }

    void release(DeviceBuffer buffer) {
        free.computeIfAbsent(buffer.capacity(), k -> new ArrayDeque<>()).push(buffer.pointer());
    }

    static long sizeClass(long bytes) {
        if (bytes >= LARGE) {
            return (bytes + LARGE - 1) / LARGE * LARGE;
        }
        return Math.max(256, Long.highestOneBit(bytes - 1) << 1);
    }

    @Override
    public void close() {
        for (CUdeviceptr p : owned) {
            cuMemFree(p);
        }
        owned.clear();
        free.clear();
        reservedBytes = 0;
    }
}
