package dev.graft.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cpu.CpuBackend;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.TrainableModel;
import dev.graft.engine.train.Trainer;
import dev.graft.engine.train.Interpreter;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.LanguageModelFile;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.models.TrainingTask;
import dev.graft.pipeline.runtime.BackendDevices;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workers that run every pass through a Backend, the path of the CUDA workers, on the
 * CPU backend: every schedule gives the unpipelined step, and the forward pass and both
 * halves of the backward pass really went through the backend.
 */
class BackendWorkersTest {

    @ParameterizedTest
    @EnumSource(Builtins.class)
    void everyScheduleThroughABackendGivesTheUnpipelinedStep(Builtins builtin) {
        Schedule schedule = builtin.build(2, 2, 2);
        TrainableModel model = SyntheticDecoder.build(new DecoderConfig(4, 64, 2, 16, 64, false),
                schedule.stages(), 5);
        Map<String, Tensor> batch = SyntheticBatch.tokens(8, 16, 64, 2);
        Map<String, Tensor> params = model.initialParameters();
        LossAndGradients reference = new Trainer(model).gradients(params, batch);
        CountingBackend backend = new CountingBackend();
        PipelineRuntime runtime = new PipelineRuntime(Duration.ofSeconds(60), new BackendDevices(2, backend));
        PipelineStep step = new PipelineTrainer(model, StageMarkers.plan(model.graph()), runtime)
                .step(schedule, params, batch);
        StepComparison c = StepComparison.of(reference, step.result());
        assertTrue(c.error() < 1e-4, schedule.name() + ": " + c);
        // F, and B's two halves (input gradients, weight gradients) of every stage and microbatch, and
        // the loss of every microbatch added to the step's sum where the values are
        assertEquals(3 * schedule.stages() * schedule.microbatches() + schedule.microbatches(), backend.runs("nodes"),
                backend.runs.toString());
    }

    /**
     * A gradient that comes back from two consumer stages is summed by the device's
     * runner (one Add pass per microbatch, through the backend), not on the host; so is
     * the loss (one more pass per microbatch).
     */
    @Test
    void aGradientFromTwoConsumersIsSummedThroughTheBackend() {
        TrainableModel model = ResidualModel.build(6);
        Schedule schedule = Builtins.ONE_F_ONE_B.build(3, 1, 4);
        Map<String, Tensor> batch = SyntheticBatch.classification(8, 6, 3, 5);
        Map<String, Tensor> params = model.initialParameters();
        CountingBackend backend = new CountingBackend();
        PipelineRuntime runtime = new PipelineRuntime(Duration.ofSeconds(60), new BackendDevices(3, backend));
        PipelineStep step = new PipelineTrainer(model, StageMarkers.plan(model.graph()), runtime)
                .step(schedule, params, batch);
        StepComparison c = StepComparison.of(new Trainer(model).gradients(params, batch), step.result());
        assertTrue(c.error() < 1e-5, c.toString());
        assertEquals(3 * 3 * 4 + 4 + 4, backend.runs("nodes"), backend.runs.toString());
    }

    /**
     * Typed pass graphs, as a device prepares them, for FusedAttention's gradient, the
     * MLP and the exported models of models/ (cut by the cost model), under ZB-H1.
     */
    @ParameterizedTest
    @ValueSource(strings = {"fused", "mlp", "tiny-gpt2.dyn.onnx", "tiny-llama-gqa.dyn.onnx"})
    void otherModelsThroughABackendGiveTheUnpipelinedStep(String which) {
        Schedule schedule = Builtins.byName("zbh1").build(2, 1, 2);
        TrainingTask task = switch (which) {
            case "fused" -> TrainingTask.synthetic("synth:decoder", new TrainingTask.Shape(2, 16, 2, 8, 32, true, 4),
                    2, 5);
            case "mlp" -> TrainingTask.synthetic("synth:mlp", new TrainingTask.Shape(2, 16, 0, 0, 8, false, 4), 2, 5);
            default -> LanguageModelFile.load(Path.of(System.getProperty("graft.repo"), "models", which),
                    new TrainingTask.Shape(0, 0, 0, 6, 0, false, 4));
        };
        TrainableModel model = task.model();
        Map<String, Tensor> batch = task.batches().apply(3);
        Map<String, Tensor> params = model.initialParameters();
        Map<String, Tensor> probe = new HashMap<>(model.constants());
        probe.putAll(params);
        probe.putAll(batch);
        Interpreter.run(model.graph().topologicalOrder(), probe);
        StagePlan plan = AutoPartition.plan(model.graph(), 2, n -> NodeCost.flops(n, probe));
        PipelineRuntime runtime = new PipelineRuntime(Duration.ofSeconds(60), new BackendDevices(2, new CpuBackend()));
        PipelineStep step = new PipelineTrainer(model, plan, runtime).step(schedule, params, batch);
        StepComparison c = StepComparison.of(new Trainer(model).gradients(params, batch), step.result());
        assertTrue(c.error() < 1e-4, which + ": " + c);
    }

    /** The CPU backend, counting runs by the name of the graph prepared. */
    private static final class CountingBackend implements Backend {
        private final Backend cpu = new CpuBackend();
        private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        int runs(String graph) {
            return runs.getOrDefault(graph, new AtomicInteger()).get();
        }

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Prepared prepare(Graph graph) {
            Prepared p = cpu.prepare(graph);
            AtomicInteger count = runs.computeIfAbsent(graph.name(), k -> new AtomicInteger());
            return inputs -> {
                count.incrementAndGet();
                return p.run(inputs);
            };
        }
    }
}
