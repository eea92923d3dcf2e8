package dev.graft.engine.cuda;

import dev.graft.attention.PagedKvCache;

/**
 * One layer's paged KV cache kept on the device from step to step: keys and values
 * {@code (numPages, pageSize, numKvHeads, headDim)} in the heads' 16-bit dtype, as
 * {@code shape} describes them. The append kernel writes new tokens into it and batches
 * read it in place ({@link CudaAttention#appendAndRun}), so no step copies the cache.
 * {@code shape}'s own host arrays are never read: it is there for the library's checks of
 * page tables and appends, and several layers may share it.
 */
public final class DevicePagedKv implements AutoCloseable {
    private final PagedKvCache shape;
    final DeviceBuffer keys;
    final DeviceBuffer values;

    public DevicePagedKv(DeviceMemoryPool pool, PagedKvCache shape) {
        this.shape = shape;
        long bytes = (long) shape.keys().length * Short.BYTES;
        this.keys = pool.allocate(bytes, "paged keys");
        this.values = pool.allocate(bytes, "paged values");
        keys.fill((byte) 0);
        values.fill((byte) 0);
    }

    /** The keys {@code (numPages, pageSize, numKvHeads, headDim)}, for launches that read the cache in place. */
    public DeviceBuffer keys() {
        return keys;
    }

    public DeviceBuffer values() {
        return values;
    }

    public PagedKvCache shape() {
        return shape;
    }

    @Override
    public void close() {
        keys.close();
        values.close();
    }
}
