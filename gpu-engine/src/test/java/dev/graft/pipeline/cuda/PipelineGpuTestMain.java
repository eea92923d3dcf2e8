package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.PrimaryContext;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Adam;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.Optimizer;
import dev.graft.engine.train.TrainableModel;
import dev.graft.engine.train.Trainer;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.runtime.Message;
import dev.graft.pipeline.runtime.PipelineFailure;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.TaskKind;
import dev.graft.pipeline.stages.DataParallelTrainer;
import dev.graft.pipeline.stages.PipelineStep;
import dev.graft.pipeline.stages.PipelineTrainer;
import dev.graft.pipeline.stages.ReferenceTraining;
import dev.graft.pipeline.stages.ResidualModel;
import dev.graft.pipeline.stages.StageMarkers;
import dev.graft.pipeline.stages.StepComparison;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The GPU checks of the pipeline engine, run by tools/gpu-test.sh: one training step
 * on CUDA workers (two GPUs when there are two, else two pipeline devices on one)
 * under each built-in schedule, and data parallelism, each against the unpipelined
 * step on the CPU; with two GPUs, also one schedule with both pipeline devices on one
 * GPU (messages by device copies); that the links' receive blocks are reused across steps; a
 * gradient from two consumer stages summed on the GPU; a worker that throws, which must end
 * the step quickly with its stage and microbatch named; and a peer that never sends, whose
 * transfer must time out naming the link and microbatch. An argument such as {@code 0,0} names the two
 * GPUs instead. Without a device it prints "no CUDA device".
 */
public final class PipelineGpuTestMain {
    private static final double TOLERANCE = 1e-3;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final DecoderConfig DECODER = new DecoderConfig(4, 128, 4, 32, 256, false);

    private PipelineGpuTestMain() {
    }

    private record Result(String name, boolean passed, double error, String detail) {
    }

    public static void main(String[] args) {
        Optional<String> reason = CudaRuntime.unavailableReason();
        if (reason.isPresent()) {
            System.out.println("no CUDA device: " + reason.get() + " (pipeline GPU tests skipped)");
            return;
        }
        int[] ordinals = args.length > 0 ? java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt)
                .toArray() : PrimaryContext.deviceCount() >= 2 ? new int[] {0, 1} : new int[] {0, 0};
        Map<String, Tensor> batch = SyntheticBatch.tokens(8, DECODER.seq(), DECODER.vocab(), 4);
        List<Result> results = new ArrayList<>();
        try (CudaDevices gpus = CudaDevices.open(ordinals)) {
            System.out.println("pipeline devices: " + gpus.describe(2));
            for (Builtins b : Builtins.values()) {
                Schedule s = b.build(2, 2, 4);
                results.add(check("pipeline: " + s.name() + " p=2 m=4 step on CUDA workers vs CPU step", () -> {
                    TrainableModel model = SyntheticDecoder.build(DECODER, s.stages(), 3);
                    PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                            new PipelineRuntime(TIMEOUT, gpus));
                    return compare(model, batch, p -> trainer.step(s, p, batch));
                }));
            }
            results.add(check("pipeline: a gradient from 2 consumer stages, summed on the GPU, vs CPU step",
                    () -> {
                        TrainableModel model = ResidualModel.build(64);
                        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                                new PipelineRuntime(TIMEOUT, gpus));
                        Map<String, Tensor> rows = SyntheticBatch.classification(8, 64, 3, 5);
                        return compare(model, rows, p -> trainer.step(ResidualModel.onTwoDevices(4), p, rows));
                    }));
            results.add(check("pipeline: data parallel d=2 m=4 on CUDA workers vs CPU step", () -> {
                TrainableModel model = SyntheticDecoder.build(DECODER, 1, 3);
                DataParallelTrainer trainer = new DataParallelTrainer(model, gpus, 2, TIMEOUT);
                return compare(model, batch, p -> trainer.step(p, batch, 4));
            }));
            for (String name : List.of("1f1b", "zbh1")) {
                Schedule s = Builtins.byName(name).build(2, 1, 4);
                results.add(check("pipeline: " + name + " p=2 m=4, 3 steps, Adam on the GPUs vs CPU + host Adam",
                        () -> {
                            TrainableModel model = SyntheticDecoder.build(DECODER, s.stages(), 3);
                            PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                                    new PipelineRuntime(TIMEOUT, gpus));
                            return compareTraining(model, batch, (p, adam, toHost) -> trainer.train(s, p, batch, adam,
                                    toHost));
                        }));
            }
            results.add(check("pipeline: data parallel d=2 m=4, 3 steps, Adam on the GPUs vs CPU + host Adam", () -> {
                TrainableModel model = SyntheticDecoder.build(DECODER, 1, 3);
                DataParallelTrainer trainer = new DataParallelTrainer(model, gpus, 2, TIMEOUT);
                return compareTraining(model, batch, (p, adam, toHost) -> trainer.train(p, batch, 4, adam, toHost));
            }));
        }
        if (ordinals[0] != ordinals[1]) {
            try (CudaDevices shared = CudaDevices.open(new int[] {ordinals[0], ordinals[0]})) {
                Schedule s = Builtins.byName("zbh1").build(2, 1, 4);
                results.add(check("pipeline: zbh1 p=2 m=4, both devices on cuda:" + ordinals[0]
                        + " (device copies) vs CPU step", () -> {
                            TrainableModel model = SyntheticDecoder.build(DECODER, s.stages(), 3);
                            PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                                    new PipelineRuntime(TIMEOUT, shared));
                            return compare(model, batch, p -> trainer.step(s, p, batch));
                        }));
            }
        }
        try (CudaDevices gpus = CudaDevices.open(ordinals)) {
            results.add(check("pipeline: receive blocks reused: never more than one step's tensors",
                    () -> blockReuse(gpus, batch)));
        }
        try (CudaDevices gpus = CudaDevices.open(ordinals)) {
            results.add(check("pipeline: a worker that throws ends the step, naming stage and microbatch",
                    () -> failure(gpus, batch)));
        }
        if (ordinals[0] != ordinals[1]) {
            try (CudaDevices gpus = CudaDevices.open(ordinals)) {
                results.add(check("pipeline: a peer that never sends: the transfer times out naming link and"
                        + " microbatch", () -> stalled(gpus, ordinals, batch)));
            }
        }
        report(results);
    }

    private interface StepRun {
        PipelineStep run(Map<String, Tensor> parameters);
    }

    private interface TrainingRun {
        PipelineStep run(Map<String, Tensor> parameters, Optimizer optimizer, boolean toHost);
    }

    private interface Body {
        Result run();
    }

    private static Result check(String name, Body body) {
        long start = System.nanoTime();
        Result r;
        try {
            r = body.run();
        } catch (RuntimeException | LinkageError e) {
            e.printStackTrace();
            r = new Result("", false, Double.NaN, "threw " + e);
        }
        r = new Result(name, r.passed(), r.error(), r.detail());
        System.out.printf("%-4s %-72s err %9.2e  %5.1fs  %s%n", r.passed() ? "PASS" : "FAIL", r.name(), r.error(),
                (System.nanoTime() - start) / 1e9, r.detail());
        return r;
    }

    private static Result compare(TrainableModel model, Map<String, Tensor> batch, StepRun step) {
        Map<String, Tensor> params = model.initialParameters();
        LossAndGradients want = new Trainer(model).gradients(params, batch);
        step.run(params);
        long start = System.nanoTime();
        PipelineStep got = step.run(params);
        StepComparison c = StepComparison.of(want, got.result());
        return new Result("", c.error() <= TOLERANCE, c.error(), String.format(
                "loss %.6f vs %.6f, worst gradient %s, step %.0f ms, bubble %.3f", got.result().loss(), want.loss(),
                c.worst(), (System.nanoTime() - start) / 1e6, got.timeline().bubbleFraction()));
    }

    /** Three training steps with the update on the GPUs; the parameters after them against the host's. */
    private static Result compareTraining(TrainableModel model, Map<String, Tensor> batch, TrainingRun step) {
        Map<String, Tensor> want = ReferenceTraining.after(model, batch, () -> new Adam(1e-3f), 3);
        Map<String, Tensor> initial = model.initialParameters();
        Adam adam = new Adam(1e-3f);
        step.run(initial, adam, false);
        long start = System.nanoTime();
        step.run(initial, adam, false);
        double millis = (System.nanoTime() - start) / 1e6;
        PipelineStep last = step.run(initial, adam, true);
        double error = StepComparison.parameterError(want, last.parameters());
        boolean all = last.parameters().keySet().equals(want.keySet());
        return new Result("", all && error <= TOLERANCE, error, String.format(
                "%d of %d parameters back, step 2 %.0f ms", last.parameters().size(), want.size(), millis));
    }

    private static Result failure(CudaDevices gpus, Map<String, Tensor> batch) {
        Schedule s = Builtins.byName("1f1b").build(2, 1, 4);
        TrainableModel model = SyntheticDecoder.build(DECODER, 2, 3);
        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                new PipelineRuntime(TIMEOUT, new FailingDevices(gpus, 1, 4)));
        long start = System.nanoTime();
        try {
            trainer.step(s, model.initialParameters(), batch);
            return new Result("", false, Double.NaN, "the step did not fail");
        } catch (PipelineFailure e) {
            double seconds = (System.nanoTime() - start) / 1e9;
            String want = "device 1 failed at F(1,1) (stage 1, microbatch 1): java.lang.ArithmeticException:"
                    + " injected failure";
            boolean refusedAfter = false;
            try {
                trainer.step(s, model.initialParameters(), batch);
            } catch (RuntimeException later) {
                refusedAfter = !gpus.usesNccl() || later.getMessage().contains("aborted by an earlier failure");
            }
            boolean passed = e.getMessage().equals(want) && seconds < TIMEOUT.toSeconds() / 2.0
                    && (refusedAfter || !gpus.usesNccl());
            return new Result("", passed, 0, String.format("'%s' after %.1f s; next step refused: %s", e.getMessage(),
                    seconds, refusedAfter));
        }
    }

    /**
     * Receive blocks are reused: every step starts with all blocks copied out (each ends
     * with a wait for its devices), so however the steps' timing goes, fresh devices
     * running 1F1B never need more blocks than one step moves tensors; a block per
     * message would need one per tensor of every step.
     */
    private static Result blockReuse(CudaDevices gpus, Map<String, Tensor> batch) {
        Schedule s = Builtins.byName("1f1b").build(2, 1, 4);
        TrainableModel model = SyntheticDecoder.build(DECODER, 2, 3);
        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                new PipelineRuntime(TIMEOUT, gpus));
        Map<String, Tensor> params = model.initialParameters();
        trainer.step(s, params, batch);
        int before = gpus.receiveBlocksAllocated();
        long takenBefore = gpus.receiveBlocksTaken();
        int steps = 4;
        for (int k = 0; k < steps; k++) {
            trainer.step(s, params, batch);
        }
        int after = gpus.receiveBlocksAllocated();
        long perStep = (gpus.receiveBlocksTaken() - takenBefore) / steps;
        return new Result("", perStep > 0 && after <= perStep, 0, String.format(
                "%d tensors received per step; blocks allocated: %d after one step, %d after %d more", perStep,
                before, after, steps));
    }

    /**
     * After a step that runs normally (NCCL connected, kernels ready), device 0 announces
     * F(0,1) but never sends it, nor anything after it to device 1: the receiving GPU's
     * transfer must time out, the error must name the link and the microbatch, the step
     * must end within twice the timeout (run on a thread of its own, so that a hang is a
     * failed check, not a hung process) and the next step be refused.
     */
    private static Result stalled(CudaDevices gpus, int[] ordinals, Map<String, Tensor> batch) {
        Schedule s = Builtins.byName("1f1b").build(2, 1, 4);
        TrainableModel model = SyntheticDecoder.build(DECODER, 2, 3);
        Duration wait = Duration.ofSeconds(3);
        StalledPeerDevices peers = new StalledPeerDevices(gpus);
        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                new PipelineRuntime(wait, peers));
        Map<String, Tensor> params = model.initialParameters();
        trainer.step(s, params, batch);
        peers.stallFrom(new Message(TaskKind.F, 0, 1, 1));
        ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().factory());
        long start = System.nanoTime();
        Future<PipelineStep> step = thread.submit(() -> trainer.step(s, params, batch));
        String got;
        try {
            step.get(wait.toMillis() * 4, TimeUnit.MILLISECONDS);
            return new Result("", false, Double.NaN, "the step did not fail");
        } catch (ExecutionException e) {
            got = e.getCause() instanceof PipelineFailure f ? f.getMessage() : "threw " + e.getCause();
        } catch (TimeoutException | InterruptedException e) {
            return new Result("", false, Double.NaN, "the step hung for " + wait.toSeconds() * 4 + " s");
        } finally {
            thread.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String want = "the transfer of F(0,1) (stage 0 to stage 1, microbatch 1) from device 0 (cuda:" + ordinals[0]
                + ") to device 1 (cuda:" + ordinals[1] + ") did not finish within 3000 ms";
        boolean refusedAfter;
        try {
            trainer.step(s, params, batch);
            refusedAfter = false;
        } catch (RuntimeException later) {
            refusedAfter = later.getMessage().contains("aborted by an earlier failure");
        }
        boolean passed = got.equals(want) && seconds >= wait.toSeconds() && seconds < wait.toSeconds() * 2
                && refusedAfter;
        return new Result("", passed, 0, String.format("'%s' after %.1f s; next step refused: %s", got, seconds,
                refusedAfter));
    }

    private static void report(List<Result> results) {
        long failed = results.stream().filter(r -> !r.passed()).count();
        System.out.println();
        System.out.println("| check | result | rel. error | tolerance |");
        System.out.println("|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %s | %.2e | %.0e |%n", r.name(), r.passed() ? "pass" : "FAIL", r.error(),
                    TOLERANCE);
        }
        System.out.println();
        System.out.println((results.size() - failed) + " of " + results.size() + " pipeline GPU checks passed");
        if (failed > 0) {
            System.exit(1);
        }
    }
}
