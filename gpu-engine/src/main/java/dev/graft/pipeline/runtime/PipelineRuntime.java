package dev.graft.pipeline.runtime;

import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.ScheduleChecker;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.trace.TaskSpan;
import dev.graft.pipeline.trace.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The MPMD runtime: one thread per device (a CPU worker, or the host thread of a
 * GPU), each running its own
 * task list ({@link DeviceWorker}) with no global barrier between tasks; workers
 * meet only through messages. The schedule is checked before anything runs.
 * Every wait is bounded: a receive times out after {@code waitTimeout}, and a
 * watchdog ends the step if no task anywhere finishes for twice that long (a
 * task stuck in computation; twice, so that a stuck receive is always reported
 * by its own timeout, which names what it waited for).
 */
public final class PipelineRuntime {
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private final Duration waitTimeout;
    private final Devices devices;

    /** Workers on CPU threads. */
    public PipelineRuntime(Duration waitTimeout) {
        this(waitTimeout, CpuDevices.INSTANCE);
    }

    public PipelineRuntime(Duration waitTimeout, Devices devices) {
        this.waitTimeout = waitTimeout;
        this.devices = devices;
    }

    public Devices devices() {
        return devices;
    }

    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** Runs one step of {@code schedule}; stage s is computed by {@code stages.get(s)}. */
    public Timeline step(Schedule schedule, StageGraph graph, List<? extends StageProgram> stages) {
        ScheduleChecker.check(schedule, graph);
        if (stages.size() != schedule.stages()) {
            throw new IllegalArgumentException("schedule '" + schedule.name() + "' has " + schedule.stages()
                    + " stages but " + stages.size() + " stage programs were given");
        }
        int count = schedule.deviceCount();
        devices.requireCount(count);
        Transport channels = devices.transport(schedule, waitTimeout);
        Progress progress = new Progress(count);
        ExecutorService pool = Executors.newFixedThreadPool(count,
                Thread.ofPlatform().daemon().name("graft-pipeline-device-", 0).factory());
        ExecutorCompletionService<List<TaskSpan>> done = new ExecutorCompletionService<>(pool);
        Duration stall = waitTimeout.multipliedBy(2);
        for (int d = 0; d < count; d++) {
            done.submit(new DeviceWorker(d, schedule, graph, stages, channels, devices, waitTimeout, progress));
        }
        List<TaskSpan> spans = new ArrayList<>();
        try {
            for (int remaining = count; remaining > 0; ) {
                Future<List<TaskSpan>> f = done.poll(waitTimeout.toNanos(), TimeUnit.NANOSECONDS);
                if (f == null) {
                    if (progress.nanosSinceLastFinished() >= stall.toNanos()) {
                        PipelineFailure stuck = new PipelineFailure("pipeline step stalled: no task finished for "
                                + Durations.text(stall) + " (" + progress.busy() + ")", null);
                        channels.abort(stuck);
                        throw stuck;
                    }
                    continue;
                }
                remaining--;
                spans.addAll(f.get());
            }
        } catch (ExecutionException e) {
            throw primaryFailure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channels.abort(e);
            throw new PipelineFailure("pipeline step interrupted", e);
        } finally {
            pool.shutdownNow();
            channels.close();
        }
        return new Timeline(count, spans);
    }

    /** A worker stopped because another failed carries that failure as its cause; report the original. */
    private static RuntimeException primaryFailure(Throwable t) {
        Throwable cause = t instanceof Transport.Aborted ? t.getCause() : t;
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new PipelineFailure("pipeline step failed: " + cause, cause);
    }
}
