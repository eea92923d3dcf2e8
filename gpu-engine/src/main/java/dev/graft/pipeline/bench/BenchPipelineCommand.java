package dev.graft.pipeline.bench;

import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.cli.DecoderOptions;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.runtime.StageProgram;
import dev.graft.pipeline.schedule.ActivationMemory;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Dependencies;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.schedule.TaskKind;
import dev.graft.pipeline.stages.PipelineStep;
import dev.graft.pipeline.stages.PipelineTrainer;
import dev.graft.pipeline.stages.StageMarkers;
import dev.graft.pipeline.trace.DedicatedCores;
import dev.graft.pipeline.trace.ScheduleSimulator;
import dev.graft.pipeline.trace.Timeline;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft bench-pipeline}: the bubble fraction of every built-in schedule
 * against its theory, printed as Markdown tables for bench/pipeline.md, after
 * each schedule's peak activation memory. Three measurements: the runtime with timed tasks (real threads and channels, task
 * costs as the analyses assume); the synthetic decoder with real computation
 * (wall clock, and replayed with each task's CPU time on a core per device);
 * and those decoder task costs simulated with a message latency, as between hosts.
 */
@Command(name = "bench-pipeline", mixinStandardHelpOptions = true,
        description = "Measures each schedule's bubble fraction against theory (a benchmark, not a test).")
public final class BenchPipelineCommand implements GraftCommand, Callable<Integer> {
    private static final PipelineRuntime RUNTIME = new PipelineRuntime(Duration.ofSeconds(120));

    @Spec
    CommandSpec spec;

    @Mixin
    DecoderOptions size;

    @Option(names = "--devices", defaultValue = "4", description = "pipeline devices p (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--microbatches", split = ",", defaultValue = "8,32",
            description = "microbatch counts m (default ${DEFAULT-VALUE})")
    List<Integer> microbatches;

    @Option(names = "--task-ms", defaultValue = "4", description = "forward time of a timed task (default ${DEFAULT-VALUE})")
    double taskMs;

    @Option(names = "--steps", defaultValue = "3", description = "steps per case; the first is warm-up (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--latency-ms", split = ",", defaultValue = "1,5",
            description = "message latencies to simulate (default ${DEFAULT-VALUE})")
    List<Double> latenciesMs;

    @Option(names = "--throughput", paramLabel = "cpu:P|cuda:all|cuda:A,B",
            description = "instead of the bubble tables: training throughput of one device, p-device pipelines"
                    + " (GPipe, 1F1B, ZB-H1) and p data-parallel replicas on these workers")
    String throughput;

    @Option(names = "--batch", defaultValue = "16", description = "rows per step for --throughput (default ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (throughput != null) {
            new ThroughputBench(throughput, devices, microbatches.getFirst(), batch,
                    size.decoder(false), steps).run(out);
            out.flush();
            return 0;
        }
        out.printf(Locale.ROOT, "p=%d, %d cores, load average %.1f at start, Java %s%n%n", devices,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version());
        memory(out);
        timedTasks(out);
        List<DecoderRun> runs = decoder(out);
        latency(out, runs);
        out.flush();
        return 0;
    }

    private void memory(PrintWriter out) {
        out.println("### Activation memory: peak stashed stage-microbatches per device");
        out.println();
        out.println("| schedule | m | devices 0..p−1 |");
        out.println("|---|---|---|");
        for (int m : microbatches) {
            for (Builtins b : Builtins.values()) {
                Schedule s = b.build(devices, 2, m);
                out.printf(Locale.ROOT, "| %s | %d | %s |%n", s.name(), m,
                        Arrays.toString(ActivationMemory.peakInFlight(s)));
            }
        }
        out.println();
    }

    private void timedTasks(PrintWriter out) {
        out.printf(Locale.ROOT, "### Runtime with timed tasks (F = %.1f ms, B = 2F; ZB-H1 B = W = F)%n%n", taskMs);
        out.println("| schedule | m | theory | measured | simulated |");
        out.println("|---|---|---|---|---|");
        for (int m : microbatches) {
            for (Builtins b : Builtins.values()) {
                Schedule s = b.build(devices, 2, m);
                StageGraph graph = StageGraph.chain(s.stages());
                long f = (long) (taskMs * 1e6 / b.stagesPerDevice(2));
                long bw = s.splitsBackward() ? f : 2 * f;
                long w = s.splitsBackward() ? f : 0;
                List<StageProgram> stages = new ArrayList<>();
                for (int i = 0; i < s.stages(); i++) {
                    stages.add(new TimedStage(i, graph, f, bw, w));
                }
                double measured = median(steps, () -> RUNTIME.step(s, graph, stages).bubbleFraction());
                double simulated = ScheduleSimulator.simulate(s, new Dependencies(graph),
                        t -> t.kind() == TaskKind.F ? f : t.kind() == TaskKind.B ? bw : w, 0).bubbleFraction();
                out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", s.name(), m,
                        s.theoryBubble().orElse(Double.NaN), measured, simulated);
            }
        }
        out.println();
    }

    /** One schedule's decoder step, kept for the latency simulation. */
    private record DecoderRun(Schedule schedule, StageGraph graph, Timeline timeline) {
    }

    private List<DecoderRun> decoder(PrintWriter out) {
        out.printf(Locale.ROOT, "### Synthetic decoder, real computation (%d layers, width %d, seq %d, 1 row per"
                + " microbatch)%n%n", size.layers, size.width, size.seq);
        out.println("| schedule | m | theory | wall clock | dedicated cores | tokens/s |");
        out.println("|---|---|---|---|---|---|");
        List<DecoderRun> runs = new ArrayList<>();
        for (int m : microbatches) {
            Map<String, Tensor> batch = SyntheticBatch.tokens(m, size.seq, size.vocab, 1);
            for (Builtins b : Builtins.values()) {
                Schedule s = b.build(devices, 2, m);
                TrainableModel model = SyntheticDecoder.build(size.decoder(false), s.stages(), 1);
                PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()), RUNTIME);
                Map<String, Tensor> params = model.initialParameters();
                PipelineStep step = null;
                long nanos = 0;
                for (int k = 0; k < steps; k++) {
                    long start = System.nanoTime();
                    step = trainer.step(s, params, batch);
                    nanos = System.nanoTime() - start;
                }
                StageGraph graph = trainer.cut().stageGraph();
                double dedicated = DedicatedCores.replay(s, graph, step.timeline(), 0).bubbleFraction();
                out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.0f |%n", s.name(), m,
                        s.theoryBubble().orElse(Double.NaN), step.timeline().bubbleFraction(), dedicated,
                        m * size.seq / (nanos / 1e9));
                runs.add(new DecoderRun(s, graph, step.timeline()));
            }
        }
        out.println();
        return runs;
    }

    private void latency(PrintWriter out, List<DecoderRun> runs) {
        out.println("### Simulated hosts: decoder task costs from above, latency on every message between devices");
        out.println();
        StringBuilder head = new StringBuilder("| schedule | m | no latency |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        latenciesMs.forEach(l -> {
            head.append(String.format(Locale.ROOT, " %.1f ms |", l));
            rule.append("---|");
        });
        out.println(head);
        out.println(rule);
        for (DecoderRun r : runs) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %.3f |", r.schedule().name(),
                    r.schedule().microbatches(), DedicatedCores.replay(r.schedule(), r.graph(), r.timeline(), 0)
                            .bubbleFraction()));
            for (double l : latenciesMs) {
                row.append(String.format(Locale.ROOT, " %.3f |", DedicatedCores.replay(r.schedule(), r.graph(),
                        r.timeline(), (long) (l * 1e6)).bubbleFraction()));
            }
            out.println(row);
        }
        out.println();
    }

    /** The median over the steps after the first. */
    private static double median(int steps, DoubleSupplier step) {
        step.getAsDouble();
        double[] v = new double[Math.max(1, steps - 1)];
        for (int i = 0; i < v.length; i++) {
            v[i] = step.getAsDouble();
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
