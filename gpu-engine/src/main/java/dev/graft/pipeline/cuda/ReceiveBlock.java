package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaEvent;
import dev.graft.engine.cuda.CudaStream;
import dev.graft.engine.cuda.DeviceBuffer;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.tensor.DType;

/**
 * One receive block of a link ({@link ReceiveBlocks}): device memory on the receiving
 * GPU that a transfer writes a message's tensor into and that the receiving worker then
 * uses in place, as the value itself, reused for message after message.
 *
 * <p>Two events order the block's uses across streams, on the device. {@link #arrival}
 * is recorded on the link's receive stream behind the transfer into the block; the
 * worker makes its stream wait for it ({@link #readableAfter}) when it takes the
 * message, before anything of the task that reads it, so the host hands the message over
 * as soon as the transfer is posted and the device waits for the data. {@link #released}
 * is recorded on the worker's stream when the last tensor over the block is closed
 * ({@link #lend}), behind every kernel that read it; whoever writes the block next waits
 * for it first: a transfer makes its stream wait on the device ({@link #writableAfter}),
 * a synchronous copy waits on the host ({@link #writableNow}). So the next write into a
 * block is ordered after the last read of it, and the worker's read after the write it
 * reads, whatever the streams do in between. A block is never freed while a step runs,
 * only when its devices close, and not at all after an abort, since an aborted transfer
 * may still be writing it.
 */
final class ReceiveBlock {
    private final DeviceBytes data;
    private final ReceiveBlocks owner;
    private final CudaEvent arrival;
    private final CudaEvent released;
    private boolean taken;

    ReceiveBlock(DeviceBytes data, ReceiveBlocks owner) {
        this.data = data;
        this.owner = owner;
        this.arrival = data.device().within(CudaEvent::forOrdering);
        this.released = data.device().within(CudaEvent::forOrdering);
    }

    DeviceBytes data() {
        return data;
    }

    /** Whether every read of the last message in this block has run, so that a write into it waits for nothing. */
    boolean readersDone() {
        return data.device().within(released::reached);
    }

    /** Makes what {@code stream} does next (a transfer into this block) wait for the last message's readers. */
    void writableAfter(CudaStream stream) {
        stream.waitFor(released);
    }

    /** Waits on this thread until the last message's readers of this block have run. */
    void writableNow() {
        data.device().within(() -> {
            released.synchronize();
            return null;
        });
    }

    /** Marks the end of the transfer into this block, just enqueued on {@code transfer}. */
    void arrivedOn(CudaStream transfer) {
        arrival.record(transfer);
    }

    /** Makes what {@code reader} does next wait for the transfer into this block (none after a synchronous copy). */
    void readableAfter(CudaStream reader) {
        reader.waitFor(arrival);
    }

    /** Marks the block in use by a message until the tensor over it is closed. */
    synchronized void take() {
        if (taken) {
            throw new IllegalStateException("a receive block of " + data.bytes() + " bytes was taken twice");
        }
        taken = true;
    }

    /**
     * The message's tensor as a device tensor over this block, read on {@code reader}'s
     * stream; when the last tensor over it (views included) is closed, the block goes
     * back to its link, with {@link #released} recorded behind the reads enqueued so far.
     */
    DeviceTensor lend(int[] shape, DType dtype, DeviceType type, CudaStream reader) {
        return DeviceTensor.over(DeviceBuffer.lent(data.pointer(), data.bytes(), () -> release(reader)), shape, dtype,
                type);
    }

    private void release(CudaStream reader) {
        synchronized (this) {
            if (!taken) {
                throw new IllegalStateException("a receive block of " + data.bytes() + " bytes was released twice");
            }
            taken = false;
        }
        released.record(reader);
        owner.giveBack(this);
    }

    void free() {
        data.device().within(() -> {
            arrival.close();
            released.close();
            return null;
        });
        data.free();
    }
}
