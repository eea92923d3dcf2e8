package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaEvent;
import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.CudaStream;
import dev.graft.pipeline.runtime.Channels;
import dev.graft.pipeline.runtime.Message;
import dev.graft.pipeline.runtime.PipelineFailure;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Messages between GPUs over NCCL for one step, with no copy through the host and no
 * host thread between a sender's enqueue and the receiver's use. A send tells the
 * receiving side what is coming (each tensor's shape and type, over this process's
 * memory), then enqueues an ncclSend of each device tensor straight from where the pass
 * that computed it left it, on that pass's stream: the send follows the pass without a
 * host wait, and the stage's memory is reused only after the send, in the order of that
 * same stream. On the receiving side one thread per link (a pump) posts the matching
 * ncclRecvs at once, in the order the sends were made, each behind a wait on the device
 * for the sender's stream to reach its send, so the pairs match on both sides
 * whatever order the workers' task lists need them in, into the link's receive blocks
 * (kept across steps, {@link ReceiveBlock} says why reusing them is safe), and files the
 * message at once, before the data is there: the receiving worker makes its stream wait
 * on the device for the transfer's arrival event and uses the block in place, so its
 * next pass is enqueued while the data is still on its way. The pump then watches the
 * transfers it posted, oldest first, by events, and fails the step when one does not
 * finish within the step's timeout or the communicator reports an error. A send blocks
 * its stream only until the receive runs, which waits for nothing but that send's mark
 * on the sender's stream, just before it, earlier transfers of the link, and the readers
 * of the block's previous message (done by then, {@link ReceiveBlocks}), so streams never
 * wait on each other in a cycle. Host tensors of a message go over this
 * process's memory; a message between stages of one device stays where it is. A failure
 * anywhere aborts the links' communicators, which ends every transfer in flight.
 */
final class NcclTransport implements Transport {
    /** How long an idle pump waits for an announcement before it checks whether the step was aborted. */
    private static final long POLL_MILLIS = 20;
    /** How long a pump with transfers in flight waits for an announcement before it checks the oldest again. */
    private static final long WATCH_NANOS = 20_000;

    private final CudaDevices devices;
    private final Schedule schedule;
    private final Duration timeout;
    private final Channels arrived = new Channels();
    private final Map<Long, Pump> pumps = new HashMap<>();

    /**
     * What a receiver needs to know of a message before its tensors arrive: their parts,
     * and {@code ready}, recorded on the sender's stream where its sends are enqueued
     * (null when nothing goes over the link).
     */
    private record Envelope(Message message, List<MessageParts.Part> parts, CudaEvent ready) {
    }

    /** Put behind the step's last announcement: the pump ends once the transfers before it have finished. */
    private static final Envelope END = new Envelope(null, List.of(), null);

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
     * The first half of a send between GPUs: marks the point of the sender's stream where
     * the sends will follow the pass that computed the tensors, and tells the receiving
     * side's pump what is coming, so that it posts the receives behind that mark. On the
     * sending worker's thread.
     */
    Announced announce(Message m, Object value) {
        List<MessageParts.Part> parts = MessageParts.of(value);
        Pump pump = pumps.get(key(schedule.deviceOf(m.from()), schedule.deviceOf(m.to())));
        CudaStream stream = devices.stream(pump.link.from());
        CudaEvent ready = null;
        if (parts.stream().anyMatch(p -> p.device() != null)) {
            ready = pump.readyMarks.poll();
            if (ready == null) {
                ready = CudaEvent.forOrdering();
            }
            ready.record(stream);
        }
        pump.expected.add(new Envelope(m, parts, ready));
        return new Announced(pump.link, parts, stream);
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

    /**
     * The message, once its pump has posted the transfers of its tensors; the calling
     * worker's stream waits on the device for each to arrive before whatever it enqueues
     * next.
     */
    @Override
    public Object receive(Message m, Duration wait) throws TimeoutException, Aborted, InterruptedException {
        Object message = arrived.receive(m, wait);
        CudaStream reader = devices.stream(schedule.deviceOf(m.to()));
        if (message instanceof Map<?, ?> parts) {
            parts.values().forEach(v -> {
                if (v instanceof ArrivedTensor a) {
                    a.block().readableAfter(reader);
                }
            });
        }
        return message;
    }

    @Override
    public void abort(Throwable cause) {
        arrived.abort(cause);
        devices.abortCommunicators();
    }

    /**
     * Stops the pumps once every transfer they posted has finished (or failed). Nothing is
     * freed: the receive blocks stay with the links for the next step, and every block a
     * message used is back with its link once the value it became was freed.
     */
    @Override
    public void close() {
        pumps.values().forEach(p -> p.expected.add(END));
        for (Pump p : pumps.values()) {
            try {
                p.thread.join(timeout.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A transfer posted and not yet seen to finish: {@code done} is recorded behind its
     * receives; {@code ready} is its sender's mark, free again once {@code done} is reached.
     */
    private record InFlight(String what, CudaEvent done, CudaEvent ready, long deadlineNanos) {
    }

    /** The receiving end of one link. */
    private final class Pump implements Runnable {
        final Link link;
        final ReceiveBlocks blocks;
        final BlockingQueue<Envelope> expected = new LinkedBlockingQueue<>();
        final Deque<InFlight> inFlight = new ArrayDeque<>();
        final Deque<CudaEvent> spare = new ArrayDeque<>();
        /** The senders' marks ({@link Envelope#ready}), made in the sending GPU's context, to reuse. */
        final Queue<CudaEvent> readyMarks = new ConcurrentLinkedQueue<>();
        final Thread thread;

        Pump(Link link) {
            this.link = link;
            this.blocks = devices.receiveBlocks(link.from(), link.to());
            this.thread = Thread.ofPlatform().daemon().name("graft-nccl-" + link.from() + "-to-" + link.to())
                    .unstarted(this);
        }

        /**
         * Posts what is announced as soon as it is, and between announcements watches the
         * oldest transfer; after {@link #END}, only watches, and ends when none is left.
         */
        @Override
        public void run() {
            devices.context(link.to()).makeCurrent();
            boolean ending = false;
            try {
                while (!arrived.aborted() && !(ending && inFlight.isEmpty())) {
                    Envelope e = inFlight.isEmpty() ? expected.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)
                            : expected.poll(WATCH_NANOS, TimeUnit.NANOSECONDS);
                    if (e == END) {
                        ending = true;
                    } else if (e != null) {
                        post(e);
                    } else if (!inFlight.isEmpty()) {
                        watchOldest();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                abort(e instanceof PipelineFailure ? e : new PipelineFailure("transfer from cuda:"
                        + devices.ordinal(link.from()) + " to cuda:" + devices.ordinal(link.to()) + " failed: "
                        + e.getMessage(), e));
            } finally {
                inFlight.forEach(f -> {
                    spare.add(f.done());
                    readyMarks.add(f.ready());
                });
                spare.forEach(CudaEvent::close);
                devices.context(link.from()).within(() -> {
                    readyMarks.forEach(CudaEvent::close);
                    return null;
                });
            }
        }

        /**
         * Posts the receives of a message's device tensors into receive blocks, behind the
         * sender's mark, so that NCCL's receiving kernel starts only when the sender's does
         * (posted earlier, it would hold some of the receiving GPU's multiprocessors while it
         * waits), and files the message at once.
         */
        private void post(Envelope e) {
            Message m = e.message();
            String what = describe(m);
            Map<String, Object> message = new TreeMap<>();
            CudaStream stream = link.receiveStream();
            try {
                if (e.ready() != null) {
                    stream.waitFor(e.ready());
                }
                for (MessageParts.Part p : e.parts()) {
                    if (p.host() != null) {
                        message.put(p.name(), p.host());
                        continue;
                    }
                    ReceiveBlock block = blocks.take(p.bytes());
                    block.writableAfter(stream);
                    link.receiver().recv(block.data().pointer(), p.bytes(), 0, stream);
                    block.arrivedOn(stream);
                    message.put(p.name(), new ArrivedTensor(block, p.shape(), p.dtype(), p.type()));
                }
                if (e.ready() != null) {
                    CudaEvent done = spare.isEmpty() ? CudaEvent.forOrdering() : spare.pop();
                    done.record(stream);
                    inFlight.add(new InFlight(what, done, e.ready(), System.nanoTime() + timeout.toNanos()));
                }
            } catch (CudaException failed) {
                throw new PipelineFailure("the transfer of " + what + " failed: " + failed.getMessage(), failed);
            }
            arrived.send(m, message);
        }

        /** Retires the oldest transfer if it finished; fails the step if it is late or NCCL reports an error. */
        private void watchOldest() {
            InFlight f = inFlight.peek();
            try {
                link.receiver().requireHealthy("waiting for the transfer of " + f.what());
                if (f.done().reached()) {
                    inFlight.pop();
                    spare.push(f.done());
                    readyMarks.add(f.ready());
                    return;
                }
            } catch (CudaException failed) {
                throw new PipelineFailure("the transfer of " + f.what() + " failed: " + failed.getMessage(), failed);
            }
            if (System.nanoTime() - f.deadlineNanos() >= 0) {
                throw new PipelineFailure("the transfer of " + f.what() + " did not finish within "
                        + timeout.toMillis() + " ms", null);
            }
        }

        private String describe(Message m) {
            return m.sender() + " (stage " + m.from() + " to stage " + m.to() + ", microbatch " + m.microbatch()
                    + ") from device " + link.from() + " (cuda:" + devices.ordinal(link.from()) + ") to device "
                    + link.to() + " (cuda:" + devices.ordinal(link.to()) + ")";
        }
    }
}
