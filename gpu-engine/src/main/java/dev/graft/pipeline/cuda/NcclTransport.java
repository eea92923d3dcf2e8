package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.PrimaryContext;
import dev.graft.pipeline.runtime.Channels;
import dev.graft.pipeline.runtime.Message;
import dev.graft.pipeline.runtime.PipelineFailure;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Messages between GPUs over NCCL for one step. A send uploads the message to the
 * sender's GPU, tells the receiving side what is coming (its layout, over this
 * process's memory), and enqueues an ncclSend on the link's stream without waiting.
 * On the receiving side one thread per link (a pump) posts the matching ncclRecv at
 * once, in the order the sends were made, waits for it with the step's timeout, and
 * files the message where the receiving worker looks for it. Posting every receive
 * straight away keeps a send from holding its GPU while the receiver is busy, and
 * posting the layout before the send lets NCCL connect the pair on the first one.
 * A failure anywhere aborts the links' communicators, which ends every transfer in
 * flight.
 */
final class NcclTransport implements Transport {
    private static final long POLL_MILLIS = 20;

    private final CudaDevices devices;
    private final Schedule schedule;
    private final Duration timeout;
    private final Channels arrived = new Channels();
    private final Map<Long, Pump> pumps = new HashMap<>();
    private final List<DeviceBytes> buffers = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closing;

    /** What a receiver needs to know of a message before its bytes arrive. */
    private record Envelope(Message message, MessageCodec.Layout layout) {
    }

    NcclTransport(CudaDevices devices, Schedule schedule, Duration timeout) {
        this.devices = devices;
        this.schedule = schedule;
        this.timeout = timeout;
        for (Link link : devices.links()) {
            Pump pump = new Pump(link);
            pumps.put(key(link.from(), link.to()), pump);
            pump.thread.start();
        }
    }

    private static long key(int from, int to) {
        return ((long) from << 32) | to;
    }

    @Override
    public void send(Message m, Object value) {
        int from = schedule.deviceOf(m.from());
        int to = schedule.deviceOf(m.to());
        if (from == to) {
            arrived.send(m, value);
            return;
        }
        MessageCodec.Encoded encoded = MessageCodec.encode(value);
        if (encoded.layout().bytes() == 0) {
            arrived.send(m, MessageCodec.decode(encoded.layout(), encoded.data()));
            return;
        }
        DeviceBytes data = new DeviceBytes(devices.context(from), encoded.layout().bytes()).upload(encoded.data());
        buffers.add(data);
        Pump pump = pumps.get(key(from, to));
        pump.expected.add(new Envelope(m, encoded.layout()));
        pump.link.sender().send(data.pointer(), data.bytes(), 1, pump.link.sendStream());
    }

    @Override
    public Object receive(Message m, Duration wait) throws TimeoutException, Aborted, InterruptedException {
        return arrived.receive(m, wait);
    }

    @Override
    public void abort(Throwable cause) {
        arrived.abort(cause);
        devices.abortCommunicators();
    }

    /**
     * Stops the pumps; frees the step's buffers once every send has finished. After an
     * abort, or a send that does not finish in time, they are left alone: a transfer
     * may still be writing them.
     */
    @Override
    public void close() {
        closing = true;
        for (Pump p : pumps.values()) {
            try {
                p.thread.join(timeout.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (arrived.aborted()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Pump p : pumps.values()) {
            Link l = p.link;
            if (!devices.context(l.from()).within(() -> l.sender().await(l.sendStream(), deadline))) {
                return;
            }
        }
        buffers.forEach(DeviceBytes::free);
    }

    /** The receiving end of one link. */
    private final class Pump implements Runnable {
        final Link link;
        final BlockingQueue<Envelope> expected = new LinkedBlockingQueue<>();
        final Thread thread;

        Pump(Link link) {
            this.link = link;
            this.thread = Thread.ofPlatform().daemon().name("graft-nccl-" + link.from() + "-to-" + link.to())
                    .unstarted(this);
        }

        @Override
        public void run() {
            PrimaryContext device = devices.context(link.to());
            device.makeCurrent();
            try {
                while (!arrived.aborted()) {
                    Envelope e = expected.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    receive(device, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                abort(e instanceof PipelineFailure ? e : new PipelineFailure("transfer from cuda:"
                        + devices.ordinal(link.from()) + " to cuda:" + devices.ordinal(link.to()) + " failed: "
                        + e.getMessage(), e));
            }
        }

        private void receive(PrimaryContext device, Envelope e) {
            Message m = e.message();
            DeviceBytes data = new DeviceBytes(device, e.layout().bytes());
            buffers.add(data);
            String what = m.sender() + " (stage " + m.from() + " to stage " + m.to() + ", microbatch "
                    + m.microbatch() + ") from device " + link.from() + " (cuda:" + devices.ordinal(link.from())
                    + ") to device " + link.to() + " (cuda:" + devices.ordinal(link.to()) + ")";
            try {
                link.receiver().recv(data.pointer(), data.bytes(), 0, link.receiveStream());
                if (!link.receiver().await(link.receiveStream(), System.nanoTime() + timeout.toNanos())) {
                    throw new PipelineFailure("the transfer of " + what + " did not finish within "
                            + timeout.toMillis() + " ms", null);
                }
            } catch (CudaException failed) {
                throw new PipelineFailure("the transfer of " + what + " failed: " + failed.getMessage(), failed);
            }
            arrived.send(m, MessageCodec.decode(e.layout(), data.download()));
        }
    }
}
