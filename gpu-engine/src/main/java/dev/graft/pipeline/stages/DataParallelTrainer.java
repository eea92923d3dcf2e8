package dev.graft.pipeline.stages;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Differentiator;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.Optimizer;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.GradientReducer;
import dev.graft.pipeline.runtime.PipelineFailure;
import dev.graft.pipeline.runtime.Transport;
import dev.graft.pipeline.schedule.Task;
import dev.graft.pipeline.trace.TaskSpan;
import dev.graft.pipeline.trace.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Data parallelism, the peer that pipelining is measured against: every device
 * holds the whole model and takes an equal share of the batch, accumulating over
 * its share of the microbatches; then the replicas average their gradients with an
 * all-reduce where the gradient sums lie (on GPUs, in place on the GPUs), and replica
 * 0 alone brings the means to the host. The mean of the replicas' mean-loss gradients is the gradient of the
 * mean loss over the whole batch, so a step gives what one device gives. The
 * timeline records each replica's F and B tasks (stage 0, the global microbatch
 * index); the all-reduce is the gap after the last B.
 */
public final class DataParallelTrainer {
    private final TrainableModel model;
    private final StageSpec whole;
    private final Differentiator differentiator;
    private final Devices devices;
    private final int replicas;
    private final Duration timeout;
    private final Map<Integer, ResidentValues> residents = new HashMap<>();
    private final DeviceUpdates updates = new DeviceUpdates();

    public DataParallelTrainer(TrainableModel model, Devices devices, int replicas, Duration timeout) {
        if (replicas < 1) {
            throw new UserError("data parallelism needs at least 1 replica, got " + replicas);
        }
        devices.requireCount(replicas);
        this.model = model;
        Map<String, Integer> oneStage = new HashMap<>();
        model.graph().nodes().forEach(n -> oneStage.put(n.name(), 0));
        this.whole = StageCut.of(model, new StagePlan(1, oneStage)).stages().getFirst();
        this.differentiator = new Differentiator(whole.nodes(), whole.parameters(), Set.of());
        this.devices = devices;
        this.replicas = replicas;
        this.timeout = timeout;
    }

    /**
     * One step over {@code batch} in {@code microbatches} equal parts, {@code microbatches / replicas} per replica:
     * the loss and the averaged gradients (on the host) at {@code parameters}; nothing is updated.
     */
    public PipelineStep step(Map<String, Tensor> parameters, Map<String, Tensor> batch, int microbatches) {
        return run(parameters, batch, microbatches, r -> new StepEnd(true, null, r == 0));
    }

    /**
     * One training step: every replica applies {@code optimizer} to its own copy of the
     * parameters with the averaged gradients, where it keeps them (on GPUs, on the GPUs;
     * the same update from the same values keeps the copies equal), so nothing crosses
     * to the host. Parameters load as for {@link PipelineTrainer#train}. With {@code
     * toHost} replica 0 brings the gradients and the updated parameters to the host.
     */
    public PipelineStep train(Map<String, Tensor> parameters, Map<String, Tensor> batch, int microbatches,
                              Optimizer optimizer, boolean toHost) {
        return run(parameters, batch, microbatches,
                r -> new StepEnd(true, updates.of(r, optimizer), toHost && r == 0));
    }

    private PipelineStep run(Map<String, Tensor> parameters, Map<String, Tensor> batch, int microbatches,
                             IntFunction<StepEnd> endOf) {
        if (microbatches % replicas != 0) {
            throw new UserError(microbatches + " microbatches cannot be shared by " + replicas
                    + " data-parallel replicas: " + replicas + " does not divide " + microbatches);
        }
        model.checkBatch(batch);
        List<Map<String, Tensor>> parts = Microbatches.split(batch, microbatches);
        int per = microbatches / replicas;
        Map<String, Tensor> fixed = new HashMap<>(model.constants());
        fixed.putAll(parameters);
        ExecutorService pool = Executors.newFixedThreadPool(replicas,
                Thread.ofPlatform().daemon().name("graft-data-parallel-", 0).factory());
        try (GradientReducer reducer = devices.reducer(replicas)) {
            List<Future<Replica>> futures = new ArrayList<>();
            for (int r = 0; r < replicas; r++) {
                int replica = r;
                ResidentValues device = residents.computeIfAbsent(r, d -> new ResidentValues(devices.runner(d)));
                GraphStage stage = new GraphStage(whole, device, differentiator, fixed,
                        parts.subList(r * per, (r + 1) * per), model.loss(), endOf.apply(r));
                futures.add(pool.submit(() -> run(replica, stage, per, reducer)));
            }
            List<TaskSpan> spans = new ArrayList<>();
            double loss = 0;
            Replica first = null;
            for (Future<Replica> f : futures) {
                Replica done = await(f);
                spans.addAll(done.spans());
                loss += done.loss() / replicas;
                first = first == null ? done : first;
            }
            return new PipelineStep(new LossAndGradients(loss, first.stage().gradients()),
                    new Timeline(replicas, spans), first.stage().updated());
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one replica brings back: its spans, its mean loss, its stage (with what it brought to the host). */
    private record Replica(List<TaskSpan> spans, double loss, GraphStage stage) {
    }

    private Replica run(int replica, GraphStage stage, int per, GradientReducer reducer) throws Exception {
        devices.attach(replica);
        List<TaskSpan> spans = new ArrayList<>();
        int microbatch = 0;
        String doing = "starting";
        try {
            for (int m = 0; m < per; m++) {
                microbatch = replica * per + m;
                doing = "F(0," + microbatch + ")";
                long start = System.nanoTime();
                stage.forward(m, Map.of());
                spans.add(new TaskSpan(replica, Task.f(0, microbatch), start, System.nanoTime()));
                doing = "B(0," + microbatch + ")";
                start = System.nanoTime();
                stage.backwardInput(m, Map.of());
                stage.backwardWeight(m);
                spans.add(new TaskSpan(replica, Task.b(0, microbatch), start, System.nanoTime()));
            }
            doing = "the gradient all-reduce";
            stage.averageAndFinish(reducer, replica, timeout);
            return new Replica(spans, stage.lossSum() / per, stage);
        } catch (Transport.Aborted e) {
            throw e;
        } catch (TimeoutException e) {
            throw fail(reducer, new PipelineFailure("replica " + replica + " timed out after " + timeout.toMillis()
                    + " ms in the gradient all-reduce waiting for the other replicas", e));
        } catch (RuntimeException | Error e) {
            throw fail(reducer, new PipelineFailure("replica " + replica + " (device " + replica + ") failed at "
                    + doing + " (microbatch " + microbatch + "): " + e, e));
        } finally {
            devices.detach(replica);
        }
    }

    private static PipelineFailure fail(GradientReducer reducer, PipelineFailure failure) {
        reducer.abort(failure);
        return failure;
    }

    /** Waits for a replica no longer than twice the timeout; reports the first replica's own failure. */
    private Replica await(Future<Replica> f) {
        try {
            return f.get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof Transport.Aborted a ? a.getCause() : e.getCause();
            throw cause instanceof RuntimeException r ? r : new PipelineFailure("data-parallel step failed: " + cause,
                    cause);
        } catch (TimeoutException e) {
            throw new PipelineFailure("data-parallel step stalled: a replica ran longer than "
                    + timeout.multipliedBy(2).toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineFailure("data-parallel step interrupted", e);
        }
    }
}
