package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.tensor.DType;

/**
 * A tensor of a message in a receive block of its link on the receiving GPU ({@link
 * ReceiveBlock}). A transport hands it to the receiving worker only once the worker's
 * stream will see the block's contents (after a synchronous copy, or behind a wait for
 * the transfer's arrival on the device). The worker takes it in place ({@link #onto}):
 * the block becomes the value, with no copy, and goes back to the link when the value
 * is freed.
 */
record ArrivedTensor(ReceiveBlock block, int[] shape, DType dtype, DeviceType type) {

    /** The tensor as a value of {@code gpu}'s worker, read in the order of its stream. */
    DeviceTensor onto(CudaRuntime gpu) {
        return block.lend(shape, dtype, type, gpu.stream());
    }
}
