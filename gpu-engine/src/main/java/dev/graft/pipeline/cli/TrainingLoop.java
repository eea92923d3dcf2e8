package dev.graft.pipeline.cli;

import dev.graft.engine.tensor.Tensor;
import dev.graft.pipeline.models.TrainingTask;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.stages.PipelineStep;
import dev.graft.pipeline.trace.ChromeTrace;
import dev.graft.pipeline.trace.DedicatedCores;
import dev.graft.pipeline.trace.TimelineChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Runs K training steps and reports each: loss, the bubble fraction measured on
 * the wall clock and, for CPU workers, replayed with each task's measured CPU time
 * on a core per device ({@link DedicatedCores}; the two differ when workers
 * outnumber cores), the theory, step time and throughput; then the means over the
 * steps after the first (which pays for class loading, JIT warm-up and, on GPUs,
 * kernel loading and NCCL connections).
 */
final class TrainingLoop {
    /**
     * One training step, the pipeline's or data parallelism's, updating the parameters
     * where the workers keep them; every step is handed the initial parameters, which the
     * workers load only once (see {@code PipelineTrainer#train}).
     */
    interface Step {
        PipelineStep run(Map<String, Tensor> parameters, Map<String, Tensor> batch);
    }

    private final Step stepper;
    private final String title;
    private final OptionalDouble theoryBubble;
    private final Schedule replaySchedule;
    private final StageGraph replayGraph;
    private final TrainingTask task;
    private final PrintWriter out;

    /**
     * @param replaySchedule the schedule to replay on dedicated cores, or null (GPU workers, data parallelism)
     */
    TrainingLoop(Step stepper, String title, OptionalDouble theoryBubble, Schedule replaySchedule,
                 StageGraph replayGraph, TrainingTask task, PrintWriter out) {
        this.stepper = stepper;
        this.title = title;
        this.theoryBubble = theoryBubble;
        this.replaySchedule = replaySchedule;
        this.replayGraph = replayGraph;
        this.task = task;
        this.out = out;
    }

    void run(Map<String, Tensor> initial, int steps, long seed, Path trace) throws IOException {
        String theory = theoryBubble.isPresent()
                ? String.format(Locale.ROOT, "%.3f", theoryBubble.getAsDouble()) : "n/a";
        double bubbleSum = 0;
        double dedicatedSum = 0;
        double itemsPerSecondSum = 0;
        int measured = 0;
        PipelineStep last = null;
        for (int k = 1; k <= steps; k++) {
            Map<String, Tensor> batch = task.batches().apply(seed + k);
            long start = System.nanoTime();
            PipelineStep step = stepper.run(initial, batch);
            double seconds = (System.nanoTime() - start) / 1e9;
            int rows = batch.values().iterator().next().dim(0);
            double itemsPerSecond = rows * task.itemsPerRow() / seconds;
            double bubble = step.timeline().bubbleFraction();
            double dedicated = replaySchedule == null ? Double.NaN
                    : DedicatedCores.replay(replaySchedule, replayGraph, step.timeline(), 0).bubbleFraction();
            out.printf(Locale.ROOT, "step %d  loss %.4f  bubble %.3f wall%s (theory %s)"
                    + "  %.1f ms  %.0f %s/s%n", k, step.result().loss(), bubble, dedicatedText(dedicated), theory,
                    seconds * 1e3, itemsPerSecond, task.unit());
            if (k > 1 || steps == 1) {
                bubbleSum += bubble;
                dedicatedSum += dedicated;
                itemsPerSecondSum += itemsPerSecond;
                measured++;
            }
            last = step;
        }
        if (measured > 0) {
            out.printf(Locale.ROOT, "%s: mean bubble %.3f wall%s (theory %s), %.0f %s/s on %d cores%n", title,
                    bubbleSum / measured, dedicatedText(dedicatedSum / measured), theory,
                    itemsPerSecondSum / measured, task.unit(), Runtime.getRuntime().availableProcessors());
        }
        if (trace != null && last != null) {
            ChromeTrace.write(last.timeline(), title, trace);
            Path png = pngBeside(trace);
            TimelineChart.writePng(last.timeline(), title, png);
            out.println("trace: " + trace + " and " + png);
        }
    }

    private static String dedicatedText(double dedicated) {
        return Double.isNaN(dedicated) ? "" : String.format(Locale.ROOT, ", %.3f dedicated cores", dedicated);
    }

    private static Path pngBeside(Path trace) {
        String name = trace.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return trace.resolveSibling(stem + ".png");
    }
}
