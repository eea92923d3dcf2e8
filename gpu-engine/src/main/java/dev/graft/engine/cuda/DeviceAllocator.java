package dev.graft.engine.cuda;

/**
 * Where device memory comes from: a {@link DeviceMemoryPool}'s buffers for one run, or
 * its {@link DeviceMemoryPool#kept() kept} ones for what outlives runs.
 */
public interface DeviceAllocator {
    /** At least {@code bytes} of device memory; {@code what} is named in an out-of-memory error. */
    DeviceBuffer allocate(long bytes, String what);
}
