package dev.graft.pipeline.cli;

import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Adam;
import dev.graft.engine.train.Interpreter;
import dev.graft.engine.train.Optimizer;
import dev.graft.engine.train.Sgd;
import dev.graft.pipeline.models.LanguageModelFile;
import dev.graft.pipeline.models.TrainingTask;
import dev.graft.pipeline.runtime.CpuDevices;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.ActivationMemory;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.ScheduleFile;
import dev.graft.pipeline.stages.AutoPartition;
import dev.graft.pipeline.stages.DataParallelTrainer;
import dev.graft.pipeline.stages.Microbatches;
import dev.graft.pipeline.stages.NodeCost;
import dev.graft.pipeline.stages.PipelineTrainer;
import dev.graft.pipeline.stages.StageMarkers;
import dev.graft.pipeline.stages.StagePlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft train}: pipelined training of a synthetic model under a built-in or user-written schedule. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a model with pipeline parallelism (or data parallelism) on CPU worker threads or GPUs,"
                + " one per device.",
            "MODEL is synth:decoder or synth:mlp, built through the graph API from the flags below, or a"
                + " language-model file (.onnx or text: token ids in, logits out), trained on random tokens.",
            "Prints the loss per step, the measured bubble fraction beside the schedule's theory, and throughput."})
public final class TrainCommand implements GraftCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "synth:decoder, synth:mlp or a model file")
    String model;

    @Option(names = "--stages", paramLabel = "P", description = "pipeline devices (default 4, or the schedule file's)")
    Integer stages;

    @Option(names = "--microbatches", paramLabel = "M", description = "microbatches per step (default 8)")
    Integer microbatches;

    @Option(names = "--schedule", paramLabel = "NAME|FILE.json", defaultValue = "1f1b",
            description = "gpipe, 1f1b, interleaved, zbh1, or a schedule file (default ${DEFAULT-VALUE})")
    String schedule;

    @Option(names = "--virtual-stages", paramLabel = "V", defaultValue = "2",
            description = "stages per device for interleaved (default ${DEFAULT-VALUE})")
    int virtualStages;

    @Option(names = "--devices", paramLabel = "cpu:N|cuda:all|cuda:N|cuda:A,B",
            description = "workers: CPU threads, every GPU, all devices on GPU N, or one GPU per device (default cpu:P)")
    String devices;

    @Option(names = "--data-parallel",
            description = "instead of P stages, P replicas of the whole model, each taking M/P microbatches of the"
                    + " batch, averaging gradients with an all-reduce")
    boolean dataParallel;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "3", description = "training steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "write the last step's timeline as Chrome-trace JSON to FILE and as a PNG beside it")
    Path trace;

    @Option(names = "--save-schedule", paramLabel = "FILE", description = "write the schedule as JSON (a template to edit)")
    Path saveSchedule;

    @Option(names = "--partition", paramLabel = "layers|auto",
            description = "layers: boundaries between layers (synthetic models, the default);"
                    + " auto: balance FLOPs over the graph (model files)")
    String partition;

    @Mixin
    DecoderOptions size;

    @Option(names = "--batch", defaultValue = "16", description = "rows per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--fused-attention", description = "use the FusedAttention op instead of its decomposition")
    boolean fusedAttention;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam or sgd (default ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "learning rate (default ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--seed", defaultValue = "1", description = "seed for weights and data (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "longest wait for a message; a task running twice as long fails the step too (default ${DEFAULT-VALUE})")
    int waitTimeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (steps < 1 || batch < 1) {
            throw new UserError("--steps and --batch must be at least 1 (got " + steps + " and " + batch + ")");
        }
        Schedule s = resolveSchedule();
        try (Devices workers = DeviceSpec.open(devices, s.deviceCount())) {
            train(s, workers, out);
        }
        out.flush();
        return 0;
    }

    private void train(Schedule s, Devices workers, PrintWriter out) {
        if (saveSchedule != null) {
            writing(saveSchedule, () -> ScheduleFile.write(s, saveSchedule));
        }
        boolean synthetic = model.startsWith("synth:");
        boolean byLayers = switch (partition == null ? (synthetic ? "layers" : "auto") : partition) {
            case "layers" -> true;
            case "auto" -> false;
            default -> throw new UserError("--partition " + partition + ": expected layers or auto");
        };
        if (byLayers && !synthetic) {
            throw new UserError("--partition layers needs a synthetic model; a model file has no layer boundaries,"
                    + " use --partition auto");
        }
        int cut = dataParallel ? 1 : s.stages();
        TrainingTask.Shape shape = new TrainingTask.Shape(size.layers, size.width, size.heads, size.seq, size.vocab,
                fusedAttention, batch);
        TrainingTask task = synthetic ? TrainingTask.synthetic(model, shape, byLayers ? cut : 1, seed)
                : LanguageModelFile.load(Path.of(model), shape);
        Map<String, Tensor> params = task.model().initialParameters();
        int rows = task.batches().apply(seed).values().iterator().next().dim(0);
        Duration timeout = Duration.ofSeconds(waitTimeout);
        TrainingLoop loop;
        if (dataParallel) {
            int replicas = s.deviceCount();
            DataParallelTrainer trainer = new DataParallelTrainer(task.model(), workers, replicas, timeout);
            out.printf("%s: %d parameters, data parallel on %s, %d replicas of %d microbatches of %d rows%n",
                    model, countParameters(params), workers.describe(replicas), replicas, s.microbatches() / replicas,
                    rows / s.microbatches());
            Optimizer updater = chooseOptimizer();
            loop = new TrainingLoop((p, b) -> trainer.train(p, b, s.microbatches(), updater, false),
                    "data parallel d=" + replicas + " m=" + s.microbatches(), OptionalDouble.of(0), null, null, task,
                    out);
        } else {
            StagePlan plan = byLayers ? StageMarkers.plan(task.model().graph()) : balanced(task, params, s);
            PipelineTrainer trainer = new PipelineTrainer(task.model(), plan, new PipelineRuntime(timeout, workers));
            out.printf("%s: %d parameters in %d stages on %s, schedule %s, %d microbatches of %d rows%n",
                    model, countParameters(params), s.stages(), workers.describe(s.deviceCount()), s.name(),
                    s.microbatches(), rows / s.microbatches());
            out.println("peak stashed microbatches per device: " + Arrays.toString(ActivationMemory.peakInFlight(s)));
            boolean cpu = workers instanceof CpuDevices;
            Optimizer updater = chooseOptimizer();
            loop = new TrainingLoop((p, b) -> trainer.train(s, p, b, updater, false),
                    s.name() + " p=" + s.deviceCount() + " m=" + s.microbatches(), s.theoryBubble(),
                    cpu ? s : null, trainer.cut().stageGraph(), task, out);
        }
        TrainingLoop chosen = loop;
        writing(trace, () -> chosen.run(params, steps, seed, trace));
    }

    /** Something that writes a file the user named. */
    private interface FileWrite {
        void run() throws IOException;
    }

    /** Reports a file that cannot be written as bad input naming it, not as an internal error. */
    private static void writing(Path file, FileWrite write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private Schedule resolveSchedule() {
        boolean file = schedule.endsWith(".json");
        Schedule s = file ? ScheduleFile.read(Path.of(schedule))
                : Builtins.byName(schedule).build(stages == null ? 4 : stages, virtualStages,
                        microbatches == null ? 8 : microbatches);
        if (file && stages != null && stages != s.deviceCount()) {
            throw new UserError("--stages " + stages + " but schedule file " + schedule + " runs on "
                    + s.deviceCount() + " devices");
        }
        if (file && microbatches != null && microbatches != s.microbatches()) {
            throw new UserError("--microbatches " + microbatches + " but schedule file " + schedule + " has "
                    + s.microbatches());
        }
        return s;
    }

    /** The cost-balanced cut, costs measured on one microbatch of the first batch. */
    private StagePlan balanced(TrainingTask task, Map<String, Tensor> params, Schedule s) {
        Map<String, Tensor> probe = new HashMap<>(task.model().constants());
        probe.putAll(params);
        probe.putAll(Microbatches.split(task.batches().apply(seed), s.microbatches()).getFirst());
        Interpreter.run(task.model().graph().topologicalOrder(), probe);
        return AutoPartition.plan(task.model().graph(), s.stages(), n -> NodeCost.flops(n, probe));
    }

    private Optimizer chooseOptimizer() {
        return switch (optimizer) {
            case "adam" -> new Adam(learningRate);
            case "sgd" -> new Sgd(learningRate, 0.9f);
            default -> throw new UserError("--optimizer " + optimizer + ": expected adam or sgd");
        };
    }

    private static long countParameters(Map<String, Tensor> params) {
        return params.values().stream().mapToLong(Tensor::size).sum();
    }
}
