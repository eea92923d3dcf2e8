package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory handed out in size classes (powers of two up to 2 MiB, then multiples of
 * 2 MiB) and reused after release, so steady-state steps allocate nothing. Every request
 * is checked against the device's free memory and the pool's own limit first, so running
 * out gives one clear error before any kernel is launched.
 *
 * <p>Memory kept across runs ({@link #kept()}: a prepared graph's constants and what it
 * derives from input shapes, made the first time a run sees them) has free lists of its
 * own. Were it taken from the runs' lists in the middle of a first run, the next run at the
 * same shapes would find fewer buffers than the first left and ask the driver for more,
 * which a run being captured as a CUDA graph must not do; with separate lists a run finds
 * every buffer where the run before it left it. A miss during capture is refused.
 */
public final class DeviceMemoryPool implements DeviceAllocator, AutoCloseable {
    private static final long LARGE = 2L << 20;

    private final CudaContext context;
    private final long limitBytes;
    private final Shelf runs = new Shelf();
    private final Shelf kept = new Shelf();
    private final List<CUdeviceptr> owned = new ArrayList<>();
    private long reservedBytes;

    /** A pool that may hold up to {@code limitBytes} (Long.MAX_VALUE: whatever the device has). */
    public DeviceMemoryPool(CudaContext context, long limitBytes) {
        this.context = context;
        this.limitBytes = limitBytes;
    }

    /** Memory for one run (or one call): released buffers come back to the runs' free lists. */
    @Override
    public DeviceBuffer allocate(long bytes, String what) {
        return runs.allocate(bytes, what);
    }

    /** The allocator of memory kept across runs, from this pool's limit but free lists of its own. */
    public DeviceAllocator kept() {
        return kept;
    }

    /** Bytes this pool may still take, the lesser of its own limit and the device's free memory. */
    public long availableBytes() {
        return Math.min(context.memoryInfo()[0], limitBytes - reservedBytes);
    }

    private CUdeviceptr fromDriver(long size, String what) {
        if (CudaGraph.capturing()) {
            throw new CudaException("device allocation during CUDA graph capture: " + what + " needs " + size
                    + " bytes and the pool has no free buffer of that size; capture only work that an uncaptured "
                    + "run before it has done at the same shapes");
        }
        long available = availableBytes();
        if (size > available) {
            throw new CudaException("out of device memory: " + what + " needs " + size + " bytes, "
                    + Math.max(0, available) + " are free");
        }
        CUdeviceptr pointer = new CUdeviceptr();
        CudaCheck.call(cuMemAlloc(pointer, size), "cuMemAlloc of " + size + " bytes for " + what);
        reservedBytes += size;
        owned.add(pointer);
        return pointer;
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
        runs.free.clear();
        kept.free.clear();
        reservedBytes = 0;
    }

    /** Free lists by size class, and the buffers handed out from them come back here. */
    final class Shelf implements DeviceAllocator {
        private final Map<Long, ArrayDeque<CUdeviceptr>> free = new HashMap<>();

        @Override
        public DeviceBuffer allocate(long bytes, String what) {
            if (bytes <= 0) {
                throw new CudaException(what + ": device allocation of " + bytes + " bytes");
            }
            long size = sizeClass(bytes);
            ArrayDeque<CUdeviceptr> cached = free.get(size);
            CUdeviceptr pointer = cached != null && !cached.isEmpty() ? cached.pop() : fromDriver(size, what);
            return new DeviceBuffer(this, pointer, size);
        }

        void release(DeviceBuffer buffer) {
            free.computeIfAbsent(buffer.capacity(), k -> new ArrayDeque<>()).push(buffer.pointer());
        }
    }
}
