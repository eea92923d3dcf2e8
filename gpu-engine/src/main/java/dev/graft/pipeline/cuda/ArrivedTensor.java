package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.cuda.StreamCopy;
import dev.graft.engine.tensor.DType;

/**
 * A tensor of a message that has reached the receiving GPU, in a receive block of its
 * link ({@link ReceiveBlock}): the link's blocks are filled by transfers on the link's
 * own stream, apart from the receiving worker's memory pool, whose buffers are reused
 * in the order of the worker's stream only. The receiving worker copies it into its
 * pool on its stream when it takes the message ({@link #onto}), a copy within the GPU,
 * and hands the block back to the link behind that copy.
 */
record ArrivedTensor(ReceiveBlock block, int[] shape, DType dtype, DeviceType type) {

    /** A device tensor of {@code gpu}'s pool holding this tensor, filled in the order of its stream. */
    DeviceTensor onto(CudaRuntime gpu) {
        DeviceBytes data = block.data();
        DeviceTensor t = DeviceTensor.over(gpu.pool().allocate(data.bytes(), "a message's " + dtype + " tensor"),
                shape, dtype, type);
        StreamCopy.deviceToDevice(t.pointer(), data.pointer(), data.bytes(), gpu.stream());
        block.release(gpu.stream());
        return t;
    }
}
