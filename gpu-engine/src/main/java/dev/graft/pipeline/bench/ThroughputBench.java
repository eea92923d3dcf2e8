package dev.graft.pipeline.bench;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Adam;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.cli.DeviceSpec;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.runtime.Devices;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.stages.DataParallelTrainer;
import dev.graft.pipeline.stages.PipelineStep;
import dev.graft.pipeline.stages.PipelineTrainer;
import dev.graft.pipeline.stages.StageMarkers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Supplier;

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

    ThroughputBench(String deviceSpec, int devices, int microbatches, int batch, DecoderConfig config, int steps) {
        this.deviceSpec = deviceSpec;
        this.devices = devices;
        this.microbatches = microbatches;
        this.batch = batch;
        this.config = config;
        this.steps = Math.max(2, steps);
    }

    /** One measured layout. */
    private record Row(String layout, double millis, double loss, double bubble, OptionalDouble theory) {
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
        try (Devices d = DeviceSpec.open(single, 1)) {
            out.println("one device: " + d.describe(1));
            Schedule alone = Builtins.byName("gpipe").build(1, 1, microbatches);
            one = pipeline("1 device, accumulating", d, alone, tokens, false);
            oneTraining = pipeline("1 device, training (Adam where the parameters are)", d, alone, tokens, true);
        }
        try (Devices d = DeviceSpec.open(deviceSpec, devices)) {
            out.println(devices + " devices: " + d.describe(devices));
            out.println();
            out.println("| layout | ms per step | samples/s | tokens/s | speed-up | bubble measured | bubble theory | loss |");
            out.println("|---|---|---|---|---|---|---|---|");
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
    }

    /** One row, printed as soon as it is measured, so that a run cut short keeps what it measured. */
    private void print(PrintWriter out, Row r, Row one) {
        out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.0f | %.2f | %.3f | %s | %.5f |%n", r.layout(), r.millis(),
                batch / (r.millis() / 1e3), (double) batch * config.seq() / (r.millis() / 1e3),
                one.millis() / r.millis(), r.bubble(),
                r.theory().isPresent() ? String.format(Locale.ROOT, "%.3f", r.theory().getAsDouble()) : "–",
                r.loss());
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
                : () -> trainer.step(s, params, tokens), s.theoryBubble());
    }

    private Row dataParallel(Devices d, Map<String, Tensor> tokens, boolean training) {
        TrainableModel model = SyntheticDecoder.build(config, 1, 1);
        DataParallelTrainer trainer = new DataParallelTrainer(model, d, devices, TIMEOUT);
        Map<String, Tensor> params = model.initialParameters();
        Adam adam = new Adam(LEARNING_RATE);
        return measure(devices + " devices, data parallel" + (training ? ", training" : ""), training
                ? () -> trainer.train(params, tokens, microbatches, adam, false)
                : () -> trainer.step(params, tokens, microbatches), OptionalDouble.empty());
    }

    private Row measure(String layout, Supplier<PipelineStep> step, OptionalDouble theory) {
        double[] millis = new double[steps - 1];
        double[] bubbles = new double[steps - 1];
        PipelineStep last = step.get();
        for (int k = 0; k < millis.length; k++) {
            long start = System.nanoTime();
            last = step.get();
            millis[k] = (System.nanoTime() - start) / 1e6;
            bubbles[k] = last.timeline().bubbleFraction();
        }
        return new Row(layout, median(millis), last.result().loss(), median(bubbles), theory);
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
