package dev.graft.pipeline.runtime;

import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.schedule.Task;
import dev.graft.pipeline.schedule.TaskKind;
import dev.graft.pipeline.trace.TaskSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * One device's part of a step: attaches to its device, runs its task list in order, receiving what each
 * task needs and sending what it produces, and records when each task ran. The
 * first failure is turned into a {@link PipelineFailure} naming the device, stage
 * and microbatch, and aborts the channels so that the other workers stop too.
 */
final class DeviceWorker implements Callable<List<TaskSpan>> {
    private final int device;
    private final Schedule schedule;
    private final StageGraph graph;
    private final List<? extends StageProgram> stages;
    private final Transport channels;
    private final Devices devices;
    private final Duration waitTimeout;
    private final Progress progress;

    DeviceWorker(int device, Schedule schedule, StageGraph graph, List<? extends StageProgram> stages,
                 Transport channels, Devices devices, Duration waitTimeout, Progress progress) {
        this.device = device;
        this.schedule = schedule;
        this.graph = graph;
        this.stages = stages;
        this.channels = channels;
        this.devices = devices;
        this.waitTimeout = waitTimeout;
        this.progress = progress;
    }

    @Override
    public List<TaskSpan> call() throws Transport.Aborted {
        try {
            devices.attach(device);
        } catch (RuntimeException e) {
            throw fail(new PipelineFailure("device " + device + " could not start: " + e.getMessage(), e));
        }
        try {
            return runTasks();
        } finally {
            devices.detach(device);
        }
    }

    private List<TaskSpan> runTasks() throws Transport.Aborted {
        List<TaskSpan> spans = new ArrayList<>();
        List<DeviceClock.Interval> onDevice = new ArrayList<>();
        DeviceClock clock = devices.clock(device);
        for (Task task : schedule.devices().get(device)) {
            progress.starting(device, task);
            try {
                Map<Integer, Object> in = receive(task);
                long start = System.nanoTime();
                long cpuStart = ThreadCpuClock.nanos();
                DeviceClock.Interval interval = clock.start();
                compute(task, in);
                if (interval != null) {
                    interval.end();
                    onDevice.add(interval);
                }
                spans.add(new TaskSpan(device, task, start, System.nanoTime(),
                        ThreadCpuClock.nanos() - cpuStart));
            } catch (Transport.Aborted e) {
                throw e;
            } catch (TimeoutException e) {
                throw fail(new PipelineFailure("device " + device + " timed out after " + Durations.text(waitTimeout)
                        + " at " + task + " (stage " + task.stage() + ", microbatch " + task.microbatch()
                        + ") waiting for " + e.getMessage(), e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Transport.Aborted(e);
            } catch (PipelineFailure e) {
                throw fail(e);
            } catch (RuntimeException | Error e) {
                throw fail(new PipelineFailure("device " + device + " failed at " + task + " (stage " + task.stage()
                        + ", microbatch " + task.microbatch() + "): " + e, e));
            }
            progress.finished(device);
        }
        return onDevice.isEmpty() ? spans : withDeviceTimes(spans, onDevice);
    }

    /** The spans with their tasks' device times, read once the device has run them all. */
    private static List<TaskSpan> withDeviceTimes(List<TaskSpan> spans, List<DeviceClock.Interval> onDevice) {
        List<TaskSpan> timed = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            TaskSpan s = spans.get(i);
            timed.add(new TaskSpan(s.device(), s.task(), s.startNanos(), s.endNanos(), s.cpuNanos(),
                    onDevice.get(i).nanos()));
        }
        return timed;
    }

    private PipelineFailure fail(PipelineFailure failure) {
        channels.abort(failure);
        return failure;
    }

    /** What the task needs from other stages; waiting for it is not part of the task's span. */
    private Map<Integer, Object> receive(Task task) throws TimeoutException, Transport.Aborted, InterruptedException {
        int s = task.stage();
        return switch (task.kind()) {
            case F -> receive(TaskKind.F, graph.producers(s), s, task.microbatch());
            case B -> receive(TaskKind.B, graph.consumers(s), s, task.microbatch());
            case W -> Map.of();
        };
    }

    private void compute(Task task, Map<Integer, Object> in) {
        StageProgram stage = stages.get(task.stage());
        int s = task.stage();
        int m = task.microbatch();
        switch (task.kind()) {
            case F -> send(TaskKind.F, task, stage.forward(m, in), graph.consumers(s));
            case B -> {
                // Sent before the weight half: the gradients may lie in the microbatch's values, which it frees.
                send(TaskKind.B, task, stage.backwardInput(m, in), graph.producers(s));
                if (!schedule.splitsBackward()) {
                    stage.backwardWeight(m);
                }
            }
            case W -> stage.backwardWeight(m);
        }
    }

    private Map<Integer, Object> receive(TaskKind pass, Set<Integer> from, int stage, int microbatch)
            throws TimeoutException, Transport.Aborted, InterruptedException {
        Map<Integer, Object> in = new TreeMap<>();
        for (int other : from) {
            Message msg = new Message(pass, other, stage, microbatch);
            try {
                in.put(other, channels.receive(msg, waitTimeout));
            } catch (TimeoutException e) {
                throw new TimeoutException(msg.sender() + " from device " + schedule.deviceOf(other));
            }
        }
        return in;
    }

    private void send(TaskKind pass, Task task, Map<Integer, Object> out, Set<Integer> to) {
        if (!out.keySet().equals(to)) {
            throw new PipelineFailure("stage " + task.stage() + " at " + task + " (microbatch " + task.microbatch()
                    + ") produced messages for stages " + out.keySet() + " but must send to " + to, null);
        }
        out.forEach((other, value) -> channels.send(new Message(pass, task.stage(), other, task.microbatch()), value));
    }
}
