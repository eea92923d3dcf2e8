package dev.graft.pipeline.bench;

import dev.graft.pipeline.runtime.StageProgram;
import dev.graft.pipeline.schedule.StageGraph;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A stage whose tasks take a set time without using a core (the thread parks):
 * it measures the runtime itself (threads, channels, wake-ups) against a
 * schedule's theory on a machine with fewer cores than pipeline devices, which
 * busy computation could not do. Costs are per task kind, as the analyses assume.
 */
final class TimedStage implements StageProgram {
    private final int stage;
    private final StageGraph graph;
    private final long forwardNanos;
    private final long inputGradNanos;
    private final long weightGradNanos;

    TimedStage(int stage, StageGraph graph, long forwardNanos, long inputGradNanos, long weightGradNanos) {
        this.stage = stage;
        this.graph = graph;
        this.forwardNanos = forwardNanos;
        this.inputGradNanos = inputGradNanos;
        this.weightGradNanos = weightGradNanos;
    }

    @Override
    public Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers) {
        hold(forwardNanos);
        return to(graph.consumers(stage));
    }

    @Override
    public Map<Integer, Object> backwardInput(int microbatch, Map<Integer, Object> fromConsumers) {
        hold(inputGradNanos);
        return to(graph.producers(stage));
    }

    @Override
    public void backwardWeight(int microbatch) {
        hold(weightGradNanos);
    }

    private static Map<Integer, Object> to(Iterable<Integer> stages) {
        Map<Integer, Object> out = new HashMap<>();
        stages.forEach(s -> out.put(s, Boolean.TRUE));
        return out;
    }

    private static void hold(long nanos) {
        long end = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = end - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }
}
