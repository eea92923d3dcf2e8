package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.CudaStream;
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
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Messages between GPUs over NCCL for one step, with no copy through the host. A send
 * tells the receiving side what is coming (each tensor's shape and type, over this
 * process's memory), then enqueues an ncclSend of each device tensor straight from
 * where the pass that computed it left it, on that pass's stream: the send follows the
 * pass without a host wait, and the stage's memory is reused only after the send, in
 * the order of that same stream. On the receiving side one thread per link (a pump)
 * posts the matching ncclRecvs into blocks of its own at once, in the order the sends
 * were made, so the pairs match on both sides whatever order the workers' task lists
 * need them in; it waits for them with the step's timeout and files the message where
 * the receiving worker looks for it, which copies it into its pool on its stream. A
 * send blocks its stream only until the pump posts the receive, which waits for
 * nothing but earlier transfers of the same link, so streams never wait on each other
 * in a cycle. Host tensors of a message go over this process's memory; a message
 * between stages of one device stays where it is. A failure anywhere aborts the links'
 * communicators, which ends every transfer in flight.
 */
final class NcclTransport implements Transport {
    private static final long POLL_MILLIS = 20;

    private final CudaDevices devices;
    private final Schedule schedule;
    private final Duration timeout;
    private final Channels arrived = new Channels();
    private final Map<Long, Pump> pumps = new HashMap<>();
    private final Map<Integer, CudaStream> sending = new ConcurrentHashMap<>();
    private final List<DeviceBytes> buffers = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closing;

    /** What a receiver needs to know of a message before its tensors arrive. */
    private record Envelope(Message message, List<MessageParts.Part> parts) {
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
            arrived.send(m, MessageParts.sameDevice(value));
            return;
        }
        List<MessageParts.Part> parts = MessageParts.of(value);
        CudaStream stream = devices.stream(from);
        sending.putIfAbsent(from, stream);
        Pump pump = pumps.get(key(from, to));
        pump.expected.add(new Envelope(m, parts));
        for (MessageParts.Part p : parts) {
            if (p.device() != null) {
                pump.link.sender().send(p.device().pointer(), p.bytes(), 1, stream);
            }
        }
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
     * Stops the pumps; frees the step's blocks once every send has finished (freeing
     * waits for the receivers' copies out of them). After an abort, or a send that does
     * not finish in time, they are left alone: a transfer may still be writing them.
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
            CudaStream stream = sending.get(l.from());
            if (stream != null && !devices.context(l.from()).within(() -> l.sender().await(stream, deadline))) {
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
            String what = m.sender() + " (stage " + m.from() + " to stage " + m.to() + ", microbatch "
                    + m.microbatch() + ") from device " + link.from() + " (cuda:" + devices.ordinal(link.from())
                    + ") to device " + link.to() + " (cuda:" + devices.ordinal(link.to()) + ")";
            Map<String, Object> message = new TreeMap<>();
            try {
                for (MessageParts.Part p : e.parts()) {
                    if (p.host() != null) {
                        message.put(p.name(), p.host());
                        continue;
                    }
                    DeviceBytes data = new DeviceBytes(device, p.bytes());
                    buffers.add(data);
                    link.receiver().recv(data.pointer(), data.bytes(), 0, link.receiveStream());
                    message.put(p.name(), new ArrivedTensor(data, p.shape(), p.dtype(), p.type()));
                }
                if (!link.receiver().await(link.receiveStream(), System.nanoTime() + timeout.toNanos())) {
                    throw new PipelineFailure("the transfer of " + what + " did not finish within "
                            + timeout.toMillis() + " ms", null);
                }
            } catch (CudaException failed) {
                throw new PipelineFailure("the transfer of " + what + " failed: " + failed.getMessage(), failed);
            }
            arrived.send(m, message);
        }
    }
}
