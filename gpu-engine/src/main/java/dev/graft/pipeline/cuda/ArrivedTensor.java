package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.cuda.StreamCopy;
import dev.graft.engine.tensor.DType;

/**
 * A tensor of a message that has reached the receiving GPU, in a block its transport
 * owns ({@link DeviceBytes}): the transport's blocks are filled by transfers on its own
 * streams, apart from the receiving worker's memory pool, whose buffers are reused in
 * the order of the worker's stream only. The receiving worker copies it into its pool
 * on its stream when it takes the message ({@link #onto}), a copy within the GPU.
 */
record ArrivedTensor(DeviceBytes data, int[] shape, DType dtype, DeviceType type) {

    /** A device tensor of {@code gpu}'s pool holding this tensor, filled in the order of its stream. */
    DeviceTensor onto(CudaRuntime gpu) {
        DeviceTensor t = DeviceTensor.over(gpu.pool().allocate(data.bytes(), "a message's " + dtype + " tensor"),
                shape, dtype, type);
        StreamCopy.deviceToDevice(t.pointer(), data.pointer(), data.bytes(), gpu.stream());
        return t;
    }
}
