package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.CudaStream;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.cuda.NcclCommunicator;
import dev.graft.engine.train.StageValues;
import dev.graft.pipeline.runtime.GradientReducer;
import dev.graft.pipeline.runtime.PipelineFailure;
import java.time.Duration;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.TimeoutException;

/**
 * The gradient all-reduce of data-parallel replicas on distinct GPUs, in place on the
 * device: one ncclAllReduce (ncclAvg) per gradient sum, in name order on every
 * replica, over the device tensor that the replica's passes left, enqueued on the
 * stream those passes ran on (so it follows them without a host wait, and whatever
 * reads the means follows it). Nothing crosses to the host. Waits are bounded by the
 * caller's timeout; an abort ends every all-reduce in flight.
 */
final class NcclReducer implements GradientReducer {
    private final CudaDevices devices;
    private final List<NcclCommunicator> ranks;

    NcclReducer(CudaDevices devices, List<NcclCommunicator> ranks) {
        this.devices = devices;
        this.ranks = ranks;
    }

    @Override
    public void allReduceMean(int replica, StageValues values, SortedSet<String> names, Duration timeout)
            throws TimeoutException {
        DeviceValues on = (DeviceValues) values;
        CudaStream stream = on.runtime().stream();
        NcclCommunicator rank = ranks.get(replica);
        try {
            for (String name : names) {
                DeviceTensor sum = on.onDevice(name);
                if (sum.type() != DeviceType.F32) {
                    throw new IllegalStateException("gradient sum '" + name + "' on cuda:"
                            + devices.ordinal(replica) + " is " + sum.type() + ", the all-reduce takes F32");
                }
                rank.allReduceMean(sum.pointer(), sum.size(), stream);
            }
            if (!rank.await(stream, System.nanoTime() + timeout.toNanos())) {
                throw new TimeoutException("the all-reduce on cuda:" + devices.ordinal(replica));
            }
        } catch (CudaException e) {
            throw new PipelineFailure("replica " + replica + ": gradient all-reduce failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void abort(Throwable cause) {
        devices.abortCommunicators();
    }

    @Override
    public void close() {
    }
}
