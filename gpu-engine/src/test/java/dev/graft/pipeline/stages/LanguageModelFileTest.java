package dev.graft.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Interpreter;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.Trainer;
import dev.graft.pipeline.models.LanguageModelFile;
import dev.graft.pipeline.models.TrainingTask;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exported PyTorch models of models/, given a loss, cut by the cost model and trained under each schedule. */
class LanguageModelFileTest {
    private static final PipelineRuntime RUNTIME = new PipelineRuntime(Duration.ofSeconds(60));

    @ParameterizedTest
    @CsvSource({"tiny-gpt2.dyn.onnx,gpipe", "tiny-gpt2.dyn.onnx,zbh1", "tiny-llama-gqa.dyn.onnx,1f1b",
        "tiny-llama-gqa.dyn.onnx,interleaved"})
    void pipelinedStepEqualsTheUnpipelinedOne(String file, String schedule) {
        TrainingTask task = LanguageModelFile.load(Path.of(System.getProperty("graft.repo"), "models", file),
                new TrainingTask.Shape(0, 0, 0, 6, 0, false, 4));
        Schedule s = Builtins.byName(schedule).build(2, 2, 2);
        Map<String, Tensor> batch = task.batches().apply(5);
        Map<String, Tensor> params = task.model().initialParameters();
        Map<String, Tensor> probe = new HashMap<>(task.model().constants());
        probe.putAll(params);
        probe.putAll(batch);
        Interpreter.run(task.model().graph().topologicalOrder(), probe);
        StagePlan plan = AutoPartition.plan(task.model().graph(), s.stages(), n -> NodeCost.flops(n, probe));

        LossAndGradients reference = new Trainer(task.model()).gradients(params, batch);
        PipelineStep step = new PipelineTrainer(task.model(), plan, RUNTIME).step(s, params, batch);

        assertTrue(reference.loss() > 5 && reference.loss() < 8, "about ln(512) for random tokens: " + reference.loss());
        assertEquals(reference.loss(), step.result().loss(), 1e-5 * reference.loss());
        assertEquals(reference.gradients().keySet(), step.result().gradients().keySet());
        reference.gradients().forEach((name, g) -> {
            float[] want = g.floats();
            float[] got = step.result().gradients().get(name).floats();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-6 + 1e-4 * Math.abs(want[i]), name + "[" + i + "]");
            }
        });
    }
}
