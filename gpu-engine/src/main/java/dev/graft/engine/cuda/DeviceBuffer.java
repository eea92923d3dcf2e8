package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;

import java.util.function.Consumer;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * A block of device memory from a {@link DeviceMemoryPool}; closing it hands it back to
 * the free lists it came from (or, for memory {@link #lent} by another owner, tells that owner). Copies are synchronous: they sit outside timed regions and
 * captured graphs.
 */
public final class DeviceBuffer implements AutoCloseable {
    private final Consumer<DeviceBuffer> whenClosed;
    private final CUdeviceptr pointer;
    private final long capacity;
    private boolean released;

    DeviceBuffer(DeviceMemoryPool.Shelf shelf, CUdeviceptr pointer, long capacity) {
        this(shelf::release, pointer, capacity);
    }

    private DeviceBuffer(Consumer<DeviceBuffer> whenClosed, CUdeviceptr pointer, long capacity) {
        this.whenClosed = whenClosed;
        this.pointer = pointer;
        this.capacity = capacity;
    }

    /**
     * Memory that belongs to someone else (no pool), lent to the tensors over this buffer:
     * closing it runs {@code giveBack} once instead of freeing anything, so the owner learns
     * when the last of them is done with it.
     */
    public static DeviceBuffer lent(CUdeviceptr pointer, long capacity, Runnable giveBack) {
        return new DeviceBuffer(b -> giveBack.run(), pointer, capacity);
    }

    public CUdeviceptr pointer() {
        return pointer;
    }

    /** A pointer {@code offset} bytes into this buffer. */
    public CUdeviceptr at(long offset) {
        if (offset < 0 || offset > capacity) {
            throw new CudaException("offset " + offset + " is outside a device buffer of " + capacity + " bytes");
        }
        return pointer.withByteOffset(offset);
    }

    public long capacity() {
        return capacity;
    }

    public DeviceBuffer upload(short[] data) {
        return upload(Pointer.to(data), (long) data.length * Short.BYTES);
    }

    public DeviceBuffer upload(int[] data) {
        return upload(Pointer.to(data), (long) data.length * Integer.BYTES);
    }

    public DeviceBuffer upload(float[] data) {
        return upload(Pointer.to(data), (long) data.length * Float.BYTES);
    }

    public DeviceBuffer upload(long[] data) {
        return upload(Pointer.to(data), (long) data.length * Long.BYTES);
    }

    public DeviceBuffer upload(java.nio.ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return upload(Pointer.to(bytes), bytes.length);
    }

    private DeviceBuffer upload(Pointer host, long bytes) {
        requireRoom(bytes);
        CudaCheck.call(cuMemcpyHtoD(pointer, host, bytes), "cuMemcpyHtoD");
        return this;
    }

    public void download(short[] out) {
        requireRoom((long) out.length * Short.BYTES);
        CudaCheck.call(cuMemcpyDtoH(Pointer.to(out), pointer, (long) out.length * Short.BYTES), "cuMemcpyDtoH");
    }

    public void download(float[] out) {
        requireRoom((long) out.length * Float.BYTES);
        CudaCheck.call(cuMemcpyDtoH(Pointer.to(out), pointer, (long) out.length * Float.BYTES), "cuMemcpyDtoH");
    }

    /** Fills every byte with {@code value}: tests poison outputs before a kernel runs. */
    public void fill(byte value) {
        CudaCheck.call(cuMemsetD8(pointer, value, capacity), "cuMemsetD8");
    }

    private void requireRoom(long bytes) {
        if (bytes > capacity) {
            throw new CudaException("copy of " + bytes + " bytes does not fit a device buffer of " + capacity);
        }
    }

    @Override
    public void close() {
        if (!released) {
            released = true;
            whenClosed.accept(this);
        }
    }
}
