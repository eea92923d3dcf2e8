package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.CudaStream;
import dev.graft.pipeline.runtime.Channels;
import dev.graft.pipeline.runtime.Message;
import dev.graft.pipeline.runtime.PipelineFailure;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
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
 * need them in, into the link's receive blocks (kept across steps, {@link ReceiveBlock}
 * says why reusing them is safe); it waits for them with the step's timeout and files
 * the message where the receiving worker looks for it, which copies it into its pool on
 * its stream. A
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
        if (schedule.deviceOf(m.from()) == schedule.deviceOf(m.to())) {
            arrived.send(m, MessageParts.sameDevice(value));
            return;
        }
        transmit(announce(m, value));
    }

    /**
     * The first half of a send between GPUs: tells the receiving side's pump what is
     * coming, so that it posts the receives. On the sending worker's thread.
     */
    Announced announce(Message m, Object value) {
        List<MessageParts.Part> parts = MessageParts.of(value);
        Pump pump = pumps.get(key(schedule.deviceOf(m.from()), schedule.deviceOf(m.to())));
        pump.expected.add(new Envelope(m, parts));
        return new Announced(pump.link, parts, devices.stream(pump.link.from()));
    }

    /** The second half: enqueues the ncclSends on the stream that computed the tensors. */
    void transmit(Announced a) {
        for (MessageParts.Part p : a.parts()) {
            if (p.device() != null) {
                a.link().sender().send(p.device().pointer(), p.bytes(), 1, a.stream());
            }
        }
    }

    /** A message that its link's pump expects, not yet sent. */
    record Announced(Link link, List<MessageParts.Part> parts, CudaStream stream) {
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
     * Stops the pumps. Nothing is freed: the receive blocks stay with the links for the
     * next step, and every block a message used is back with its link once the message
     * was taken.
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
    }

    /** The receiving end of one link. */
    private final class Pump implements Runnable {
        final Link link;
        final ReceiveBlocks blocks;
        final BlockingQueue<Envelope> expected = new LinkedBlockingQueue<>();
        final Thread thread;

        Pump(Link link) {
            this.link = link;
            this.blocks = devices.receiveBlocks(link.from(), link.to());
            this.thread = Thread.ofPlatform().daemon().name("graft-nccl-" + link.from() + "-to-" + link.to())
                    .unstarted(this);
        }

        @Override
        public void run() {
            devices.context(link.to()).makeCurrent();
            try {
                while (!arrived.aborted()) {
                    Envelope e = expected.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    receive(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                abort(e instanceof PipelineFailure ? e : new PipelineFailure("transfer from cuda:"
                        + devices.ordinal(link.from()) + " to cuda:" + devices.ordinal(link.to()) + " failed: "
                        + e.getMessage(), e));
            }
        }

        private void receive(Envelope e) {
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
                    ReceiveBlock block = blocks.take(p.bytes());
                    block.writableAfter(link.receiveStream());
                    link.receiver().recv(block.data().pointer(), p.bytes(), 0, link.receiveStream());
                    message.put(p.name(), new ArrivedTensor(block, p.shape(), p.dtype(), p.type()));
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
