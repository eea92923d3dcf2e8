package dev.graft.pipeline.cuda;

import dev.graft.pipeline.runtime.Channels;
import dev.graft.pipeline.runtime.Message;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Messages between GPUs without NCCL: the sender uploads a message to its GPU and
 * copies it straight into a block on the receiver's GPU (a peer copy through unified
 * addressing, or a copy within one GPU when two pipeline devices share it); the
 * receiver downloads it when its task needs it. The copy is synchronous on the
 * sender's thread, which is what sets this path below NCCL's.
 */
final class PeerCopyTransport implements Transport {
    private final CudaDevices devices;
    private final Schedule schedule;
    private final Channels arrived = new Channels();
    private final List<DeviceBytes> buffers = Collections.synchronizedList(new ArrayList<>());

    /** A message that has reached the receiver's GPU. */
    private record OnDevice(MessageCodec.Layout layout, DeviceBytes data) {
    }

    PeerCopyTransport(CudaDevices devices, Schedule schedule) {
        this.devices = devices;
        this.schedule = schedule;
    }

    @Override
    public void send(Message m, Object value) {
        int from = schedule.deviceOf(m.from());
        int to = schedule.deviceOf(m.to());
        MessageCodec.Encoded encoded = MessageCodec.encode(value);
        if (from == to || encoded.layout().bytes() == 0) {
            arrived.send(m, value);
            return;
        }
        DeviceBytes source = new DeviceBytes(devices.context(from), encoded.layout().bytes()).upload(encoded.data());
        DeviceBytes target = new DeviceBytes(devices.context(to), encoded.layout().bytes());
        buffers.add(source);
        buffers.add(target);
        source.copyTo(target);
        arrived.send(m, new OnDevice(encoded.layout(), target));
    }

    @Override
    public Object receive(Message m, Duration timeout) throws TimeoutException, Aborted, InterruptedException {
        Object value = arrived.receive(m, timeout);
        return value instanceof OnDevice d ? MessageCodec.decode(d.layout(), d.data().download()) : value;
    }

    @Override
    public void abort(Throwable cause) {
        arrived.abort(cause);
    }

    /** Frees the step's blocks, unless it was aborted: then a worker may still be reading one. */
    @Override
    public void close() {
        if (!arrived.aborted()) {
            buffers.forEach(DeviceBytes::free);
        }
    }
}
