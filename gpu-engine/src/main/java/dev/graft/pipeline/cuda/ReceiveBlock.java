package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaEvent;
import dev.graft.engine.cuda.CudaStream;

/**
 * One receive block of a link ({@link ReceiveBlocks}): device memory on the receiving
 * GPU that transfers write into and the receiving worker copies out of, reused for
 * message after message.
 *
 * <p>Why reuse is safe: a block is written by a transfer (on the link's receive stream,
 * or by the sender's thread for peer copies) and read by one consumer, the receiving
 * worker's copy into its pool, enqueued on the worker's stream ({@link ArrivedTensor}).
 * The worker hands the block back ({@link #release}) right after enqueuing that copy,
 * recording {@link #released} on its stream behind it, before the copy has run. The
 * block is then free to be taken again at once, but whoever writes it next first waits
 * for that event: a transfer on a stream makes its stream wait for it on the device
 * ({@link #writableAfter}, no host wait), a synchronous copy waits on the host
 * ({@link #writableNow}). So the next write into a block is ordered after the last read
 * of it, whatever the two streams do in between. A block is never freed while a step
 * runs, only when its devices close, and not at all after an abort, since an aborted
 * transfer may still be writing it.
 */
final class ReceiveBlock {
    private final DeviceBytes data;
    private final ReceiveBlocks owner;
    private final CudaEvent released;
    private boolean taken;

    ReceiveBlock(DeviceBytes data, ReceiveBlocks owner) {
        this.data = data;
        this.owner = owner;
        this.released = data.device().within(CudaEvent::forOrdering);
    }

    DeviceBytes data() {
        return data;
    }

    /** Whether the last reader's copy out of this block has run, so that a write into it waits for nothing. */
    boolean copiedOut() {
        return data.device().within(released::reached);
    }

    /** Makes what {@code stream} does next (a transfer into this block) wait for the last reader's copy. */
    void writableAfter(CudaStream stream) {
        stream.waitFor(released);
    }

    /** Waits on this thread until the last reader's copy out of this block has run. */
    void writableNow() {
        data.device().within(() -> {
            released.synchronize();
            return null;
        });
    }

    /** Marks the block in use by a message until {@link #release}. */
    synchronized void take() {
        if (taken) {
            throw new IllegalStateException("a receive block of " + data.bytes() + " bytes was taken twice");
        }
        taken = true;
    }

    /**
     * Called by the consumer right after it enqueued its last read of the block on
     * {@code reader}: the next write into the block will wait for that read.
     */
    void release(CudaStream reader) {
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
            released.close();
            return null;
        });
        data.free();
    }
}
