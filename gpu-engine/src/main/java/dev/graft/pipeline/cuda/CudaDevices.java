package dev.graft.pipeline.cuda;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cuda.CudaBackend;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.CudaStream;
import dev.graft.engine.cuda.Nccl;
import dev.graft.engine.cuda.NcclCommunicator;
import dev.graft.engine.cuda.PrimaryContext;
import dev.graft.engine.train.NodeRunner;
import dev.graft.pipeline.runtime.DeviceClock;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.GradientReducer;
import dev.graft.pipeline.runtime.HostReducer;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pipeline devices on GPUs of this process, one host thread each: device d works in
 * the primary context of GPU {@code ordinals[d]}, runs its stages' forward and backward
 * passes (graphs of engine ops) through its own {@link CudaBackend} with their values
 * kept on the GPU between passes ({@link CudaNodeRunner}), and
 * exchanges messages over NCCL when every device has a GPU of its own and NCCL
 * loads, by device copies otherwise. Data-parallel replicas average their gradients
 * in place on their GPUs with ncclAllReduce on the same condition, on the host
 * otherwise. Communicators are
 * made on first use and kept for later steps; a failure aborts them all, after which
 * these devices refuse further steps.
 */
public final class CudaDevices implements Devices {
    private final int[] ordinals;
    private final List<PrimaryContext> contexts = new ArrayList<>();
    private final List<CudaNodeRunner> runners = new ArrayList<>();
    private final Optional<String> noNccl;
    private List<Link> links;
    private List<NcclCommunicator> clique;
    private final Map<Long, ReceiveBlocks> receiveBlocks = new HashMap<>();
    private volatile boolean aborted;
    private volatile boolean blocksAbandoned;
    private volatile boolean timed;

    private CudaDevices(int[] ordinals) {
        this.ordinals = ordinals.clone();
        for (int ordinal : ordinals) {
            contexts.add(PrimaryContext.retain(ordinal));
            runners.add(new CudaNodeRunner(new CudaBackend(ordinal)));
        }
        boolean shared = Arrays.stream(ordinals).distinct().count() < ordinals.length;
        noNccl = shared ? Optional.of("pipeline devices share a GPU, which NCCL refuses")
                : Nccl.unavailableReason();
    }

    /** GPUs for pipeline devices 0, 1, ...: GPU {@code ordinals[d]} for device d. */
    public static CudaDevices open(int[] ordinals) {
        CudaRuntime.unavailableReason().ifPresent(reason -> {
            throw new UserError("no CUDA device: " + reason);
        });
        return new CudaDevices(ordinals);
    }

    /** Whether messages and all-reduces go over NCCL. */
    public boolean usesNccl() {
        return noNccl.isEmpty();
    }

    @Override
    public String describe(int count) {
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < ordinals.length; d++) {
            b.append(d == 0 ? "" : ", ").append("cuda:").append(ordinals[d]);
        }
        b.append(" (").append(contexts.getFirst().name()).append(")");
        if (ordinals.length > 1) {
            b.append(noNccl.map(why -> ", messages by device copies: " + why)
                    .orElseGet(() -> ", messages over NCCL " + Nccl.get().version()));
        }
        return b.toString();
    }

    @Override
    public void requireCount(int count) {
        if (count != ordinals.length) {
            throw new UserError("the step runs on " + count + " devices but " + ordinals.length
                    + " GPUs were given (--devices)");
        }
        if (aborted) {
            throw new UserError("the GPUs' NCCL communicators were aborted by an earlier failure");
        }
    }

    @Override
    public void attach(int device) {
        contexts.get(device).makeCurrent();
    }

    @Override
    public void detach(int device) {
    }

    @Override
    public NodeRunner runner(int device) {
        return runners.get(device);
    }

    /** Whether tasks report their time on the GPU ({@link StreamClock}); off by default, as reading it waits. */
    public void timeOnDevices(boolean on) {
        timed = on;
    }

    @Override
    public DeviceClock clock(int device) {
        return timed ? new StreamClock(contexts.get(device), stream(device)) : DeviceClock.NONE;
    }

    @Override
    public synchronized Transport transport(Schedule schedule, Duration timeout) {
        if (!usesNccl()) {
            return new PeerCopyTransport(this, schedule);
        }
        if (links == null) {
            List<Link> made = new ArrayList<>();
            for (int from = 0; from < ordinals.length; from++) {
                for (int to = 0; to < ordinals.length; to++) {
                    if (from != to) {
                        List<NcclCommunicator> pair = Nccl.get().initAll(new int[] {ordinals[from], ordinals[to]});
                        made.add(new Link(from, to, pair.get(0), pair.get(1),
                                contexts.get(to).within(CudaStream::new)));
                    }
                }
            }
            links = List.copyOf(made);
        }
        return new NcclTransport(this, schedule, timeout);
    }

    @Override
    public synchronized GradientReducer reducer(int count) {
        requireCount(count);
        if (!usesNccl()) {
            return new HostReducer(count);
        }
        if (clique == null) {
            clique = Nccl.get().initAll(ordinals);
        }
        return new NcclReducer(this, clique);
    }

    List<Link> links() {
        return links;
    }

    /** The receive blocks of messages from device {@code from} to device {@code to}, kept across steps. */
    synchronized ReceiveBlocks receiveBlocks(int from, int to) {
        return receiveBlocks.computeIfAbsent(((long) from << 32) | to, k -> new ReceiveBlocks(contexts.get(to)));
    }

    /** Leaves the receive blocks unfreed at close: a step failed, and a copy may still be using one. */
    void abandonReceiveBlocks() {
        blocksAbandoned = true;
    }

    /** How many receive blocks all links have allocated so far. */
    synchronized int receiveBlocksAllocated() {
        return receiveBlocks.values().stream().mapToInt(ReceiveBlocks::allocated).sum();
    }

    /** How many times a message's tensor took a receive block, on all links. */
    synchronized long receiveBlocksTaken() {
        return receiveBlocks.values().stream().mapToLong(ReceiveBlocks::taken).sum();
    }

    /** The stream of device {@code device}'s passes, which also carries its sends; for its worker's thread. */
    CudaStream stream(int device) {
        return runners.get(device).runtime().stream();
    }

    PrimaryContext context(int device) {
        return contexts.get(device);
    }

    int ordinal(int device) {
        return ordinals[device];
    }

    /** Ends every transfer in flight on every communicator: a worker failed. */
    void abortCommunicators() {
        aborted = true;
        blocksAbandoned = true;
        List<Link> l;
        List<NcclCommunicator> c;
        synchronized (this) {
            l = links;
            c = clique;
        }
        if (l != null) {
            l.forEach(Link::abort);
        }
        if (c != null) {
            c.forEach(NcclCommunicator::abort);
        }
    }

    /** Frees the receive blocks and communicators, but not after a failure: a transfer may still be using them. */
    @Override
    public synchronized void close() {
        if (!blocksAbandoned) {
            receiveBlocks.values().forEach(ReceiveBlocks::free);
        }
        if (!aborted) {
            if (links != null) {
                links.forEach(link -> {
                    link.sender().destroy();
                    link.receiver().destroy();
                    link.receiveStream().close();
                });
            }
            if (clique != null) {
                clique.forEach(NcclCommunicator::destroy);
            }
        }
        contexts.forEach(PrimaryContext::close);
    }
}
