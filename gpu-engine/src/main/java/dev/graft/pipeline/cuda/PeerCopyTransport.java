package dev.graft.pipeline.cuda;

import dev.graft.pipeline.runtime.Channels;
import dev.graft.pipeline.runtime.Message;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;

/**
 * Messages between GPUs without NCCL: the sender waits for its stream, then copies each
 * device tensor of a message straight into a block on the receiver's GPU (a peer copy
 * through unified addressing, or a copy within one GPU when two pipeline devices share
 * it), which the receiver then uses in place; nothing passes through the host. The
 * blocks are the links' receive blocks, kept across steps: a copy into one first waits
 * on the host until the last reads of its previous message have run ({@link
 * ReceiveBlock}). The copy is synchronous on the sender's thread, which is what sets this
 * path below NCCL's, and is done when the message is filed, so the receiver's stream
 * has nothing to wait for.
 */
final class PeerCopyTransport implements Transport {
    private final CudaDevices devices;
    private final Schedule schedule;
    private final Channels arrived = new Channels();

    PeerCopyTransport(CudaDevices devices, Schedule schedule) {
        this.devices = devices;
        this.schedule = schedule;
    }

    @Override
    public void send(Message m, Object value) {
        int from = schedule.deviceOf(m.from());
        int to = schedule.deviceOf(m.to());
        if (from == to) {
            arrived.send(m, MessageParts.sameDevice(value));
            return;
        }
        List<MessageParts.Part> parts = MessageParts.of(value);
        if (parts.stream().anyMatch(p -> p.device() != null)) {
            devices.stream(from).synchronize();
        }
        Map<String, Object> message = new TreeMap<>();
        for (MessageParts.Part p : parts) {
            if (p.host() != null) {
                message.put(p.name(), p.host());
                continue;
            }
            ReceiveBlock target = devices.receiveBlocks(from, to).take(p.bytes());
            target.writableNow();
            target.data().copyFrom(devices.context(from), p.device().pointer());
            message.put(p.name(), new ArrivedTensor(target, p.shape(), p.dtype(), p.type()));
        }
        arrived.send(m, message);
    }

    @Override
    public Object receive(Message m, Duration timeout) throws TimeoutException, Aborted, InterruptedException {
        return arrived.receive(m, timeout);
    }

    @Override
    public void abort(Throwable cause) {
        arrived.abort(cause);
        devices.abandonReceiveBlocks();
    }

    /** Frees nothing: the receive blocks stay with their links for the next step. */
    @Override
    public void close() {
    }
}
