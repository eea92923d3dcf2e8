package dev.graft.serve.device;

import dev.graft.engine.cuda.DeviceCall;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.serve.KvStore;
import dev.graft.serve.PagedStep;

/**
 * A KV store whose attention runs on the device over the graph's device-resident tensors
 * (the device-resident CUDA backend), queuing work only: nothing waits for the device
 * inside a step, so a step's launches can be captured and replayed as a CUDA graph. What
 * every layer of a step reads (page table, plan, slots) is uploaded by {@link #prepare}
 * before the step's launches are queued or replayed, at addresses that stay fixed.
 */
public interface DeviceKvStore {

    /** Uploads what every layer of {@code step} reads; synchronous, outside any captured graph. */
    void prepare(PagedStep step);

    /**
     * Appends the node's k and v (inputs 1 and 2, {@code (1, kvHeads, T, headDim)}, or
     * {@code (1, T, kvHeads, headDim)} when {@code tokenMajor}) to its layer and returns the
     * attention of q (input 0, laid out the same) in q's shape and storage, all queued on
     * the runtime's stream.
     */
    DeviceTensor appendAndAttend(DeviceCall call, String layer, KvStore.AttentionHeads heads, PagedStep step,
                                 boolean tokenMajor);

    /**
     * What the prepared step's launches depend on beyond the step's shape (the attention
     * grid, whether the merge runs): a captured step replays for a later step of the same shape and key. Null when
     * the prepared step must not be captured (its launches read sizes that change from step
     * to step).
     */
    Object captureKey();

    /**
     * Counts the moves of the buffers that launches read at addresses fixed since the last
     * move (the plan's workspace, grown at a new address): a graph captured before the
     * latest move reads freed memory, so it is never replayed again and is destroyed.
     */
    int addressGeneration();
}
