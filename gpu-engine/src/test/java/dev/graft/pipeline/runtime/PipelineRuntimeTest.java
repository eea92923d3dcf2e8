package dev.graft.pipeline.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.ScheduleError;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.schedule.Task;
import dev.graft.pipeline.trace.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PipelineRuntimeTest {
    private static final double[] X = {0.3, -0.7, 1.1, 0.05, -0.2, 0.9, -1.3, 0.4};
    private static final double[] T = {0.1, 0.5, -0.4, 0.2, 0.7, -0.6, 0.3, 0.0};
    private static final PipelineRuntime RUNTIME = new PipelineRuntime(Duration.ofSeconds(20));

    @ParameterizedTest
    @EnumSource(Builtins.class)
    void everyBuiltInScheduleMatchesTheUnpipelinedStep(Builtins builtin) {
        Schedule s = builtin.build(4, 2, X.length);
        StageGraph chain = StageGraph.chain(s.stages());
        assertMatchesReference(s, chain);
    }

    @Test
    void valuesUsedByLaterStagesTravelToEachOfThem() {
        // Stage 3 reads stages 0, 1 and 2; stage 2 reads 0 and 1: activations and gradients fan out and in.
        StageGraph skips = new StageGraph(List.of(Set.of(), Set.of(0), Set.of(0, 1), Set.of(0, 1, 2)));
        for (Builtins b : List.of(Builtins.GPIPE, Builtins.ONE_F_ONE_B, Builtins.ZB_H1)) {
            assertMatchesReference(b.build(4, 1, X.length), skips);
        }
    }

    @Test
    void recordsEveryTaskOnItsDevice() {
        Schedule s = Builtins.ONE_F_ONE_B.build(3, 1, X.length);
        Timeline t = RUNTIME.step(s, StageGraph.chain(3), stages(StageGraph.chain(3), weights(3)));
        assertEquals(3 * X.length * 2, t.spans().size());
        t.spans().forEach(span -> assertEquals(span.task().stage(), span.device()));
        assertTrue(t.bubbleFraction() >= 0 && t.bubbleFraction() < 1);
    }

    @Test
    void aDeviceThatKeepsAClockTimesEveryTaskOnIt() {
        Schedule s = Builtins.ONE_F_ONE_B.build(2, 1, X.length);
        StageGraph chain = StageGraph.chain(2);
        Devices clocked = new ForwardingDevices(CpuDevices.INSTANCE) {
            @Override
            public DeviceClock clock(int device) {
                return () -> new DeviceClock.Interval() {
                    @Override
                    public void end() {
                    }

                    @Override
                    public long nanos() {
                        return 1000L * (device + 1);
                    }
                };
            }
        };
        Timeline t = new PipelineRuntime(Duration.ofSeconds(20), clocked).step(s, chain, stages(chain, weights(2)));
        assertTrue(t.timedOnDevices());
        assertArrayEquals(new long[] {1000L * 2 * X.length, 2000L * 2 * X.length}, t.deviceBusyNanos());
        assertFalse(RUNTIME.step(s, chain, stages(chain, weights(2))).timedOnDevices(), "CPU workers keep no clock");
    }

    @Test
    void aThrowingStageNamesStageAndMicrobatchAndStopsTheOthers() {
        StageGraph chain = StageGraph.chain(4);
        List<StageProgram> stages = new ArrayList<>(stages(chain, weights(4)));
        StageProgram healthy = stages.get(2);
        stages.set(2, new Failing(healthy, 5));
        PipelineRuntime patient = new PipelineRuntime(Duration.ofSeconds(60));
        long start = System.nanoTime();
        PipelineFailure e = assertThrows(PipelineFailure.class,
                () -> patient.step(Builtins.ONE_F_ONE_B.build(4, 1, X.length), chain, stages));
        assertEquals("device 2 failed at F(2,5) (stage 2, microbatch 5): java.lang.ArithmeticException: boom",
                e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "the other workers stopped at once");
    }

    @Test
    void aWaitThatNeverEndsTimesOut() {
        StageGraph chain = StageGraph.chain(2);
        List<StageProgram> stages = new ArrayList<>(stages(chain, weights(2)));
        stages.set(0, new Slow(stages.get(0), 1, 3000));
        PipelineRuntime impatient = new PipelineRuntime(Duration.ofMillis(300));
        PipelineFailure e = assertThrows(PipelineFailure.class,
                () -> impatient.step(Builtins.GPIPE.build(2, 1, X.length), chain, stages));
        assertTrue(e.getMessage().startsWith("device 1 timed out after 300 ms at F(1,1) (stage 1, microbatch 1)"
                + " waiting for F(0,1) from device 0"), e.getMessage());
    }

    @Test
    void aTaskStuckInComputationEndsTheStep() {
        StageGraph single = StageGraph.chain(1);
        List<StageProgram> stages = List.of(new Slow(stages(single, weights(1)).getFirst(), 0, 3000));
        PipelineRuntime impatient = new PipelineRuntime(Duration.ofMillis(300));
        PipelineFailure e = assertThrows(PipelineFailure.class,
                () -> impatient.step(Builtins.GPIPE.build(1, 1, 2), single, stages));
        assertEquals("pipeline step stalled: no task finished for 600 ms (device 0 at F(0,0))", e.getMessage());
    }

    @Test
    void aStageThatSendsToTheWrongStagesIsNamed() {
        StageGraph chain = StageGraph.chain(2);
        List<StageProgram> stages = new ArrayList<>(stages(chain, weights(2)));
        StageProgram inner = stages.get(0);
        stages.set(0, new Forwarding(inner) {
            @Override
            public Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers) {
                return Map.of(7, 1.0);
            }
        });
        PipelineFailure e = assertThrows(PipelineFailure.class,
                () -> RUNTIME.step(Builtins.GPIPE.build(2, 1, 2), chain, stages));
        assertEquals("stage 0 at F(0,0) (microbatch 0) produced messages for stages [7] but must send to [1]",
                e.getMessage());
    }

    @Test
    void refusesAnInvalidScheduleBeforeRunning() {
        Schedule broken = Schedule.custom("broken", 1, 1, List.of(List.of(Task.b(0, 0), Task.f(0, 0))));
        StageGraph single = StageGraph.chain(1);
        assertThrows(ScheduleError.class, () -> RUNTIME.step(broken, single, stages(single, weights(1))));
    }

    private static void assertMatchesReference(Schedule s, StageGraph graph) {
        double[] w = weights(s.stages());
        List<ToyStage> stages = stages(graph, w);
        RUNTIME.step(s, graph, stages);
        double loss = stages.getLast().loss;
        assertEquals(referenceLoss(graph, w), loss, 1e-12, s.name());
        for (int i = 0; i < w.length; i++) {
            double h = 1e-6;
            double[] up = w.clone();
            double[] down = w.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (referenceLoss(graph, up) - referenceLoss(graph, down)) / (2 * h);
            assertEquals(fd, stages.get(i).weightGrad, 1e-8, s.name() + " gradient of stage " + i);
        }
    }

    /** The unpipelined step: every microbatch through every stage in order. */
    private static double referenceLoss(StageGraph graph, double[] w) {
        double loss = 0;
        for (int m = 0; m < X.length; m++) {
            double[] y = new double[w.length];
            for (int s = 0; s < w.length; s++) {
                double sum = s == 0 ? X[m] : graph.producers(s).stream().mapToDouble(p -> y[p]).sum();
                y[s] = Math.tanh(w[s] * sum);
            }
            double e = y[w.length - 1] - T[m];
            loss += 0.5 * e * e / X.length;
        }
        return loss;
    }

    private static double[] weights(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.8 + 0.1 * i * (i % 2 == 0 ? 1 : -1);
        }
        return w;
    }

    private static List<ToyStage> stages(StageGraph graph, double[] w) {
        List<ToyStage> stages = new ArrayList<>();
        for (int s = 0; s < w.length; s++) {
            stages.add(new ToyStage(s, graph, w[s], X, T));
        }
        return stages;
    }

    /** Delegates everything; tests override the one method they break. */
    private static class Forwarding implements StageProgram {
        private final StageProgram inner;

        Forwarding(StageProgram inner) {
            this.inner = inner;
        }

        @Override
        public Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers) {
            return inner.forward(microbatch, fromProducers);
        }

        @Override
        public Map<Integer, Object> backwardInput(int microbatch, Map<Integer, Object> fromConsumers) {
            return inner.backwardInput(microbatch, fromConsumers);
        }

        @Override
        public void backwardWeight(int microbatch) {
            inner.backwardWeight(microbatch);
        }
    }

    private static final class Failing extends Forwarding {
        private final int badMicrobatch;

        Failing(StageProgram inner, int badMicrobatch) {
            super(inner);
            this.badMicrobatch = badMicrobatch;
        }

        @Override
        public Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers) {
            if (microbatch == badMicrobatch) {
                throw new ArithmeticException("boom");
            }
            return super.forward(microbatch, fromProducers);
        }
    }

    private static final class Slow extends Forwarding {
        private final int slowMicrobatch;
        private final long millis;

        Slow(StageProgram inner, int slowMicrobatch, long millis) {
            super(inner);
            this.slowMicrobatch = slowMicrobatch;
            this.millis = millis;
        }

        @Override
        public Map<Integer, Object> forward(int microbatch, Map<Integer, Object> fromProducers) {
            if (microbatch == slowMicrobatch) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.forward(microbatch, fromProducers);
        }
    }
}
