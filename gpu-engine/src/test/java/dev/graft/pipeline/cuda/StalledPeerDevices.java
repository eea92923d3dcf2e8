package dev.graft.pipeline.cuda;

import dev.graft.pipeline.runtime.ForwardingDevices;
import dev.graft.pipeline.runtime.Message;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * GPUs over NCCL where one peer stalls once {@link #stallFrom} was called: from that
 * message on, its sender never sends anything more over that link. The stalled message itself is announced,
 * so the receiving GPU posts its ncclRecv, but its ncclSend is never enqueued: the
 * transfer is in flight on the receiver and never finishes, as when the peer hangs.
 */
final class StalledPeerDevices extends ForwardingDevices {
    private final CudaDevices gpus;
    private volatile Message stalled;

    StalledPeerDevices(CudaDevices gpus) {
        super(gpus);
        this.gpus = gpus;
    }

    /** Steps from now on stall at {@code m}. */
    void stallFrom(Message m) {
        stalled = m;
    }

    @Override
    public Transport transport(Schedule schedule, Duration timeout) {
        if (!gpus.usesNccl()) {
            throw new IllegalStateException("a stalled NCCL transfer needs two GPUs and NCCL");
        }
        NcclTransport nccl = (NcclTransport) gpus.transport(schedule, timeout);
        return new Transport() {
            @Override
            public void send(Message m, Object value) {
                if (stalled == null) {
                    nccl.send(m, value);
                } else if (m.equals(stalled)) {
                    nccl.announce(m, value);
                } else if (!stalledBy(schedule, m)) {
                    nccl.send(m, value);
                }
            }

            @Override
            public Object receive(Message m, Duration wait) throws TimeoutException, Aborted, InterruptedException {
                return nccl.receive(m, wait);
            }

            @Override
            public void abort(Throwable cause) {
                nccl.abort(cause);
            }

            @Override
            public void close() {
                nccl.close();
            }
        };
    }

    /** Whether {@code m} goes over the stalled link after the stalled message, in its sender's task order. */
    private boolean stalledBy(Schedule schedule, Message m) {
        int from = schedule.deviceOf(stalled.from());
        if (schedule.deviceOf(m.from()) != from || schedule.deviceOf(m.to()) != schedule.deviceOf(stalled.to())) {
            return false;
        }
        List<Task> tasks = schedule.devices().get(from);
        return tasks.indexOf(m.sender()) > tasks.indexOf(stalled.sender());
    }
}
