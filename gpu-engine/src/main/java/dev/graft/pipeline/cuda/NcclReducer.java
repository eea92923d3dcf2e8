package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.CudaStream;
import dev.graft.engine.cuda.NcclCommunicator;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.pipeline.runtime.GradientReducer;
import dev.graft.pipeline.runtime.PipelineFailure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * The gradient all-reduce of data-parallel replicas on distinct GPUs: each replica
 * packs its gradients (by name) into one float block on its GPU, and one
 * ncclAllReduce sums the blocks in place on every GPU; the sum, divided by the
 * replica count, is unpacked again. Waits are bounded by the caller's timeout.
 */
final class NcclReducer implements GradientReducer {
    private final CudaDevices devices;
    private final List<NcclCommunicator> ranks;
    private final List<CudaStream> streams;
    private final List<DeviceBytes> buffers = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean aborted;

    NcclReducer(CudaDevices devices, List<NcclCommunicator> ranks, List<CudaStream> streams) {
        this.devices = devices;
        this.ranks = ranks;
        this.streams = streams;
    }

    @Override
    public Map<String, Tensor> allReduceMean(int replica, Map<String, Tensor> gradients, Duration timeout)
            throws TimeoutException {
        Map<String, Tensor> sorted = new TreeMap<>(gradients);
        int count = sorted.values().stream().mapToInt(Tensor::size).sum();
        ByteBuffer packed = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        for (Tensor t : sorted.values()) {
            packed.position(at * Float.BYTES);
            packed.asFloatBuffer().put(t.floats());
            at += t.size();
        }
        DeviceBytes block = new DeviceBytes(devices.context(replica), (long) count * Float.BYTES)
                .upload(packed.array());
        buffers.add(block);
        try {
            ranks.get(replica).allReduceSum(block.pointer(), count, streams.get(replica));
            if (!ranks.get(replica).await(streams.get(replica), System.nanoTime() + timeout.toNanos())) {
                throw new TimeoutException("the all-reduce on cuda:" + devices.ordinal(replica));
            }
        } catch (CudaException e) {
            throw new PipelineFailure("replica " + replica + ": gradient all-reduce failed: " + e.getMessage(), e);
        }
        ByteBuffer sum = ByteBuffer.wrap(block.download()).order(ByteOrder.LITTLE_ENDIAN);
        float scale = 1f / ranks.size();
        Map<String, Tensor> mean = new TreeMap<>();
        at = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            float[] values = new float[e.getValue().size()];
            sum.position(at * Float.BYTES);
            sum.asFloatBuffer().get(values);
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
            mean.put(e.getKey(), Tensor.ofFloats(DType.FLOAT32, e.getValue().shape(), values));
            at += values.length;
        }
        return mean;
    }

    @Override
    public void abort(Throwable cause) {
        aborted = true;
        devices.abortCommunicators();
    }

    /** Frees the blocks, every all-reduce having finished; after an abort they are left alone. */
    @Override
    public void close() {
        if (!aborted) {
            buffers.forEach(DeviceBytes::free);
        }
    }
}
