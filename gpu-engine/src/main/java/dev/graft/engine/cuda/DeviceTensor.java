package dev.graft.engine.cuda;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import jcuda.driver.CUdeviceptr;

/**
 * A graph value resident on the device: a contiguous, row-major block of a {@link
 * DeviceBuffer} with a shape, the graph's dtype and its storage type. Views (Reshape,
 * Squeeze, Unsqueeze, Flatten, Identity) share the block with another shape; the block
 * goes back to its pool when the last tensor over it is closed.
 */
public final class DeviceTensor implements AutoCloseable {
    private final Block block;
    private final int[] shape;
    private final DType dtype;
    private final DeviceType type;
    private boolean closed;

    private DeviceTensor(Block block, int[] shape, DType dtype, DeviceType type) {
        this.block = block;
        this.shape = shape.clone();
        this.dtype = dtype;
        this.type = type;
    }

    /** A new tensor over {@code buffer}, which it owns from now on. */
    public static DeviceTensor over(DeviceBuffer buffer, int[] shape, DType dtype, DeviceType type) {
        if ((long) Tensor.sizeOf(shape) * type.bytes() > buffer.capacity()) {
            throw new CudaException(Arrays.toString(shape) + " of " + type + " does not fit a buffer of "
                    + buffer.capacity() + " bytes");
        }
        return new DeviceTensor(new Block(buffer), shape, dtype, type);
    }

    /** The same elements with another shape of the same size; closing either leaves the other valid. */
    public DeviceTensor view(int[] newShape) {
        if (Tensor.sizeOf(newShape) != size()) {
            throw new CudaException("a view " + Arrays.toString(newShape) + " of " + this + " changes the size");
        }
        requireOpen();
        block.references++;
        return new DeviceTensor(block, newShape, dtype, type);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int size() {
        return Tensor.sizeOf(shape);
    }

    /** The graph's dtype of this value (f16 and bf16 graphs may still be stored as fp32). */
    public DType dtype() {
        return dtype;
    }

    public DeviceType type() {
        return type;
    }

    public long bytes() {
        return (long) size() * type.bytes();
    }

    public DeviceBuffer buffer() {
        requireOpen();
        return block.buffer;
    }

    public CUdeviceptr pointer() {
        return buffer().pointer();
    }

    private void requireOpen() {
        if (closed) {
            throw new CudaException("use of a closed device tensor " + this);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (--block.references == 0) {
                block.buffer.close();
            }
        }
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape) + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + " on the device)";
    }

    /** A buffer and how many tensors share it. */
    private static final class Block {
        private final DeviceBuffer buffer;
        private int references = 1;

        Block(DeviceBuffer buffer) {
            this.buffer = buffer;
        }
    }
}
