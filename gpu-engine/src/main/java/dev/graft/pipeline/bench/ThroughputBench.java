package dev.graft.pipeline.bench;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Adam;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.cli.DeviceSpec;
import dev.graft.pipeline.cuda.CudaDevices;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Dependencies;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.schedule.Task;
import dev.graft.pipeline.stages.DataParallelTrainer;
import dev.graft.pipeline.stages.PipelineStep;
import dev.graft.pipeline.stages.PipelineTrainer;
import dev.graft.pipeline.stages.StageMarkers;
import dev.graft.pipeline.trace.ScheduleSimulator;
import dev.graft.pipeline.trace.Timeline;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Training throughput of one model and batch laid out four ways, in one run: one
 * device accumulating over the microbatches, pipelines of p devices under GPipe, 1F1B
 * and ZB-H1, and p data-parallel replicas. A step is forward, backward and gradient
 * accumulation (plus the all-reduce for data parallelism), parameters held fixed, so
 * every layout computes the same loss, which the table shows as a check. Then training
 * steps, which add the Adam update where the workers keep the parameters (their loss
 * is that of the last step, so it differs).
 */
final class ThroughputBench {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final float LEARNING_RATE = 1e-4f;

    private final String deviceSpec;
    private final int devices;
    private final int microbatches;
    private final int batch;
    private final DecoderConfig config;
    private final int steps;
    private final List<Row> timedRows = new ArrayList<>();

    ThroughputBench(String deviceSpec, int devices, int microbatches, int batch, DecoderConfig config, int steps) {
        this.deviceSpec = deviceSpec;
        this.devices = devices;
        this.microbatches = microbatches;
        this.batch = batch;
        this.config = config;
        this.steps = Math.max(2, steps);
    }

    /**
     * One measured layout. Where the devices time their tasks (GPUs), also what each
     * device's tasks took on it, the bubble that leaves over the step's wall time, and
     * the bubble of the schedule replayed with those task times and nothing else
     * (no launch, wait or message cost): what the stages' real costs allow.
     */
    private record Row(String layout, double millis, double loss, double bubble, OptionalDouble theory,
                       Optional<OnDevices> onDevices) {
    }

    /**
     * Medians over the measured steps of the device-side figures; {@code tasks}: the
     * mean device time of each stage's F, B and W tasks in the last step.
     */
    private record OnDevices(double[] busyMillis, double bubble, double replayed, double replayedMillis,
                             String tasks) {
    }

    void run(PrintWriter out) {
        Map<String, Tensor> tokens = SyntheticBatch.tokens(batch, config.seq(), config.vocab(), 7);
        out.printf(Locale.ROOT, "### Training throughput on %s: decoder of %d layers, width %d, %d heads, seq %d,"
                        + " vocab %d; batch %d rows in %d microbatches; median of %d steps after a warm-up%n%n",
                deviceSpec, config.layers(), config.width(), config.heads(), config.seq(), config.vocab(), batch,
                microbatches, steps - 1);
        String single = deviceSpec.startsWith("cuda:") ? firstDevice(deviceSpec) : "cpu:1";
        Row one;
        Row oneTraining;
        try (Devices d = timed(DeviceSpec.open(single, 1))) {
            out.println("one device: " + d.describe(1));
            Schedule alone = Builtins.byName("gpipe").build(1, 1, microbatches);
            one = pipeline("1 device, accumulating", d, alone, tokens, false);
            oneTraining = pipeline("1 device, training (Adam where the parameters are)", d, alone, tokens, true);
        }
        try (Devices d = timed(DeviceSpec.open(deviceSpec, devices))) {
            out.println(devices + " devices: " + d.describe(devices));
            out.println();
            out.println("| layout | ms per step | samples/s | tokens/s | speed-up | bubble measured | bubble theory | loss"
                    + " | device busy, ms per device | bubble on the devices | replayed with device times |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            print(out, one, one);
            for (String name : List.of("gpipe", "1f1b", "zbh1")) {
                Schedule s = Builtins.byName(name).build(devices, 1, microbatches);
                print(out, pipeline(devices + " devices, " + name, d, s, tokens, false), one);
            }
            print(out, dataParallel(d, tokens, false), one);
            print(out, oneTraining, one);
            print(out, pipeline(devices + " devices, zbh1, training", d, Builtins.byName("zbh1")
                    .build(devices, 1, microbatches), tokens, true), one);
            print(out, dataParallel(d, tokens, true), one);
        }
        out.println();
        if (!timedRows.isEmpty()) {
            out.println("Device time per task, ms (mean over the microbatches of the last step):");
            out.println();
            timedRows.forEach(r -> out.println("- " + r.layout() + ": " + r.onDevices().orElseThrow().tasks()));
            out.println();
        }
    }

    /** GPUs time their tasks on the device for the last three columns (it adds a wait at each worker's end). */
    private static Devices timed(Devices d) {
        if (d instanceof CudaDevices gpus) {
            gpus.timeOnDevices(true);
        }
        return d;
    }

    /** One row, printed as soon as it is measured, so that a run cut short keeps what it measured. */
    private void print(PrintWriter out, Row r, Row one) {
        if (r.onDevices().isPresent()) {
            timedRows.add(r);
        }
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.2f | %.3f | %s | %.5f | %s |%n", r.layout(), r.millis(),
                batch / (r.millis() / 1e3), (double) batch * config.seq() / (r.millis() / 1e3),
                one.millis() / r.millis(), r.bubble(),
                r.theory().isPresent() ? String.format(Locale.ROOT, "%.3f", r.theory().getAsDouble()) : "–",
                r.loss(), r.onDevices().map(o -> Arrays.stream(o.busyMillis())
                        .mapToObj(ms -> String.format(Locale.ROOT, "%.1f", ms)).collect(Collectors.joining(", "))
                        + String.format(Locale.ROOT, " | %.3f | %.3f (%.1f ms)", o.bubble(), o.replayed(),
                        o.replayedMillis()))
                        .orElse("– | – | –"));
        out.flush();
    }

    /** A row of plain steps (gradients to the host, parameters fixed) or, with {@code training}, of training steps. */
    private Row pipeline(String layout, Devices d, Schedule s, Map<String, Tensor> tokens, boolean training) {
        TrainableModel model = SyntheticDecoder.build(config, s.stages(), 1);
        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()),
                new PipelineRuntime(TIMEOUT, d));
        Map<String, Tensor> params = model.initialParameters();
        Adam adam = new Adam(LEARNING_RATE);
        return measure(layout, training ? () -> trainer.train(s, params, tokens, adam, false)
                : () -> trainer.step(s, params, tokens), s.theoryBubble(), s, trainer.cut().stageGraph());
    }

    private Row dataParallel(Devices d, Map<String, Tensor> tokens, boolean training) {
        TrainableModel model = SyntheticDecoder.build(config, 1, 1);
        DataParallelTrainer trainer = new DataParallelTrainer(model, d, devices, TIMEOUT);
        Map<String, Tensor> params = model.initialParameters();
        Adam adam = new Adam(LEARNING_RATE);
        return measure(devices + " devices, data parallel" + (training ? ", training" : ""), training
                ? () -> trainer.train(params, tokens, microbatches, adam, false)
                : () -> trainer.step(params, tokens, microbatches), OptionalDouble.empty(), null, null);
    }

    /** {@code schedule} and {@code graph}: the step's, to replay it with device times; null for data parallelism. */
    private Row measure(String layout, Supplier<PipelineStep> step, OptionalDouble theory, Schedule schedule,
                        StageGraph graph) {
        int n = steps - 1;
        double[] millis = new double[n];
        double[] bubbles = new double[n];
        double[][] busy = new double[n][];
        double[] deviceBubbles = new double[n];
        double[] replayed = new double[n];
        double[] replayedMillis = new double[n];
        boolean timed = schedule != null;
        PipelineStep last = step.get();
        for (int k = 0; k < n; k++) {
            long start = System.nanoTime();
            last = step.get();
            millis[k] = (System.nanoTime() - start) / 1e6;
            Timeline t = last.timeline();
            bubbles[k] = t.bubbleFraction();
            timed &= t.timedOnDevices();
            if (timed) {
                busy[k] = Arrays.stream(t.deviceBusyNanos()).mapToDouble(ns -> ns / 1e6).toArray();
                deviceBubbles[k] = 1 - Arrays.stream(busy[k]).sum() / (t.devices() * millis[k]);
                Map<Task, Long> cost = new HashMap<>();
                t.spans().forEach(span -> cost.put(span.task(), span.deviceNanos()));
                Timeline replay = ScheduleSimulator.simulate(schedule, new Dependencies(graph), cost::get, 0);
                replayed[k] = replay.bubbleFraction();
                replayedMillis[k] = replay.makespanNanos() / 1e6;
            }
        }
        Optional<OnDevices> onDevices = Optional.empty();
        if (timed) {
            double[] perDevice = new double[busy[0].length];
            for (int d = 0; d < perDevice.length; d++) {
                int device = d;
                perDevice[d] = median(Arrays.stream(busy).mapToDouble(b -> b[device]).toArray());
            }
            onDevices = Optional.of(new OnDevices(perDevice, median(deviceBubbles), median(replayed),
                    median(replayedMillis), taskTimes(last.timeline())));
        }
        return new Row(layout, median(millis), last.result().loss(), median(bubbles), theory, onDevices);
    }

    /** "F0 12.3, B0 25.1, ...": each stage's mean device time per task kind, in the order first run. */
    private static String taskTimes(Timeline t) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        t.spans().forEach(span -> {
            double[] sum = sums.computeIfAbsent(span.task().kind().name() + span.task().stage(), k -> new double[2]);
            sum[0] += span.deviceNanos() / 1e6;
            sum[1]++;
        });
        return sums.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(),
                e.getValue()[0] / e.getValue()[1])).collect(Collectors.joining(", "));
    }

    /** "cuda:0" for the GPU that pipeline device 0 gets. */
    private String firstDevice(String spec) {
        String list = spec.substring("cuda:".length());
        return "cuda:" + (list.equals("all") ? "0" : list.split(",")[0]);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
