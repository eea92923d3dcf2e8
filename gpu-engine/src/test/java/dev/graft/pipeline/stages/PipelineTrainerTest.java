package dev.graft.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Adam;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.Optimizer;
import dev.graft.engine.train.Sgd;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import dev.graft.engine.train.TrainableModel;
import dev.graft.engine.train.Trainer;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.models.SyntheticMlp;
import dev.graft.pipeline.runtime.PipelineRuntime;
import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Schedule;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One pipelined step per schedule against the unpipelined step on one device. */
class PipelineTrainerTest {
    private static final PipelineRuntime RUNTIME = new PipelineRuntime(Duration.ofSeconds(30));

    @ParameterizedTest
    @EnumSource(Builtins.class)
    void everyScheduleGivesTheUnpipelinedLossAndGradients(Builtins builtin) {
        int devices = builtin == Builtins.INTERLEAVED ? 2 : 4;
        Schedule schedule = builtin.build(devices, 2, 4);
        TrainableModel model = SyntheticMlp.build(4, 16, 5, schedule.stages(), 7);
        Map<String, Tensor> batch = SyntheticBatch.classification(12, 16, 5, 3);
        assertSameStep(model, StageMarkers.plan(model.graph()), schedule, batch);
    }

    @ParameterizedTest
    @EnumSource(Builtins.class)
    void decoderStepMatchesForEverySchedule(Builtins builtin) {
        int devices = builtin == Builtins.INTERLEAVED ? 2 : 4;
        Schedule schedule = builtin.build(devices, 2, 4);
        TrainableModel model = SyntheticDecoder.build(new DecoderConfig(4, 8, 2, 5, 11, false), schedule.stages(), 3);
        assertSameStep(model, StageMarkers.plan(model.graph()), schedule, SyntheticBatch.tokens(8, 5, 11, 9));
        assertSameTraining(model, StageMarkers.plan(model.graph()), schedule, SyntheticBatch.tokens(8, 5, 11, 9),
                () -> new Adam(0.01f));
    }

    @Test
    void decoderWithFusedAttentionMatches() {
        TrainableModel model = SyntheticDecoder.build(new DecoderConfig(2, 8, 2, 5, 11, true), 2, 3);
        assertSameStep(model, StageMarkers.plan(model.graph()), Builtins.ZB_H1.build(2, 1, 2),
                SyntheticBatch.tokens(4, 5, 11, 9));
    }

    @Test
    void automaticPartitionBalancesCostAndTrainsTheSame() {
        TrainableModel model = SyntheticMlp.build(6, 16, 5, 1, 11);
        Map<String, Tensor> batch = SyntheticBatch.classification(8, 16, 5, 4);
        Map<String, Tensor> probe = new HashMap<>(model.constants());
        probe.putAll(model.initialParameters());
        probe.putAll(batch);
        dev.graft.engine.train.Interpreter.run(model.graph().topologicalOrder(), probe);
        StagePlan plan = AutoPartition.plan(model.graph(), 3, n -> NodeCost.flops(n, probe));
        assertEquals(3, plan.stageCount());
        double[] cost = new double[3];
        model.graph().nodes().forEach(n -> cost[plan.stageOf(n)] += NodeCost.flops(n, probe));
        double max = Arrays.stream(cost).max().orElseThrow();
        double min = Arrays.stream(cost).min().orElseThrow();
        assertTrue(max / min < 1.5, "balanced: " + Arrays.toString(cost));
        assertSameStep(model, plan, Builtins.ONE_F_ONE_B.build(3, 1, 4), batch);
    }

    @Test
    void aValueReadByTwoLaterStagesIsSentToBoth() {
        TrainableModel model = ResidualModel.build(6);
        StagePlan plan = StageMarkers.plan(model.graph());
        assertEquals(3, plan.stageCount());
        StageCut cut = StageCut.of(model, plan);
        assertEquals(Set.of(0, 1), cut.stageGraph().producers(2));
        assertEquals(cut.stages().get(0).sends().get(1), cut.stages().get(0).sends().get(2));
        Map<String, Tensor> batch = SyntheticBatch.classification(8, 6, 3, 5);
        for (Builtins b : List.of(Builtins.GPIPE, Builtins.ONE_F_ONE_B, Builtins.ZB_H1)) {
            assertSameStep(model, plan, b.build(3, 1, 4), batch);
        }
        assertSameStep(model, plan, ResidualModel.onTwoDevices(4), batch);
    }

    @Test
    void aParameterReadByTwoStagesGetsBothGradients() {
        Graph g = new Graph("tied");
        Random r = new Random(3);
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, Dim.symbol("batch"), Dim.of(5)));
        Value labels = g.addInput("labels", TensorType.of(DType.INT64, Dim.symbol("batch")));
        Value w = g.addInitializer("w", ResidualModel.random(r, 5, 5));
        Value head = g.addInitializer("head", ResidualModel.random(r, 5, 3));
        Value h0 = g.addNode("Tanh", Attributes.NONE, g.addNode("MatMul", Attributes.NONE, x, w).output(0)).output(0);
        Value h1 = g.addNode("Tanh", Attributes.NONE,
                g.addNode("MatMul", Attributes.NONE, StageBoundary.mark(g, h0), w).output(0)).output(0);
        Value loss = g.addNode(null, SoftmaxCrossEntropy.DOMAIN, SoftmaxCrossEntropy.NAME, Attributes.NONE,
                List.of(g.addNode("MatMul", Attributes.NONE, h1, head).output(0), labels), List.of("loss")).output(0);
        g.addOutput(loss);
        TrainableModel model = new TrainableModel(g, Set.of("w", "head"), "loss");
        StagePlan plan = StageMarkers.plan(g);
        StageCut cut = StageCut.of(model, plan);
        assertEquals(Set.of("w"), cut.stages().get(0).parameters());
        assertEquals(Set.of("w", "head"), cut.stages().get(1).parameters());
        assertSameStep(model, plan, Builtins.ONE_F_ONE_B.build(2, 1, 4), SyntheticBatch.classification(8, 5, 3, 6));
        assertSameTraining(model, plan, Builtins.ONE_F_ONE_B.build(2, 1, 4), SyntheticBatch.classification(8, 5, 3, 6),
                () -> new Sgd(0.1f, 0.9f));
    }

    @Test
    void aMicrobatchCountThatDoesNotDivideTheBatchIsRefused() {
        TrainableModel model = SyntheticMlp.build(2, 8, 3, 2, 1);
        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()), RUNTIME);
        UserError e = assertThrows(UserError.class, () -> trainer.step(Builtins.GPIPE.build(2, 1, 3),
                model.initialParameters(), SyntheticBatch.classification(8, 8, 3, 1)));
        assertTrue(e.getMessage().endsWith("into 3 microbatches: 3 does not divide 8"), e.getMessage());
    }

    @Test
    void aBatchWithoutOneOfTheInputsIsRefused() {
        TrainableModel model = SyntheticMlp.build(2, 8, 3, 2, 1);
        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()), RUNTIME);
        Map<String, Tensor> batch = new HashMap<>(SyntheticBatch.classification(8, 8, 3, 1));
        batch.remove("labels");
        UserError e = assertThrows(UserError.class,
                () -> trainer.step(Builtins.GPIPE.build(2, 1, 2), model.initialParameters(), batch));
        assertEquals("the batch has no input 'labels' for graph 'synth-mlp' (it has [x])", e.getMessage());
    }

    @Test
    void moreStagesThanLayersIsRefused() {
        UserError e = assertThrows(UserError.class, () -> SyntheticMlp.build(3, 8, 3, 4, 1));
        assertTrue(e.getMessage().startsWith("cannot cut a 3-layer mlp into 4 stages: more stages than layers"),
                e.getMessage());
    }

    @Test
    void aScheduleForAnotherStageCountIsRefused() {
        TrainableModel model = SyntheticMlp.build(2, 8, 3, 2, 1);
        PipelineTrainer trainer = new PipelineTrainer(model, StageMarkers.plan(model.graph()), RUNTIME);
        UserError e = assertThrows(UserError.class, () -> trainer.step(Builtins.GPIPE.build(4, 1, 2),
                model.initialParameters(), SyntheticBatch.classification(8, 8, 3, 1)));
        assertEquals("schedule 'gpipe' has 4 stages but the model is cut into 2", e.getMessage());
    }

    /** Three training steps, the optimizer applied where the workers keep the parameters, against the host. */
    private static void assertSameTraining(TrainableModel model, StagePlan plan, Schedule schedule,
                                           Map<String, Tensor> batch, Supplier<Optimizer> optimizer) {
        Map<String, Tensor> want = ReferenceTraining.after(model, batch, optimizer, 3);
        PipelineTrainer trainer = new PipelineTrainer(model, plan, RUNTIME);
        Map<String, Tensor> initial = model.initialParameters();
        Optimizer o = optimizer.get();
        trainer.train(schedule, initial, batch, o, false);
        trainer.train(schedule, initial, batch, o, false);
        PipelineStep third = trainer.train(schedule, initial, batch, o, true);
        assertEquals(want.keySet(), third.parameters().keySet());
        double error = StepComparison.parameterError(want, third.parameters());
        assertTrue(error < 1e-5, schedule.name() + ": parameters after 3 steps off by " + error);
    }

    private static void assertSameStep(TrainableModel model, StagePlan plan, Schedule schedule,
                                       Map<String, Tensor> batch) {
        Map<String, Tensor> params = model.initialParameters();
        LossAndGradients reference = new Trainer(model).gradients(params, batch);
        PipelineStep step = new PipelineTrainer(model, plan, RUNTIME).step(schedule, params, batch);
        assertEquals(reference.loss(), step.result().loss(), 1e-5 * Math.abs(reference.loss()), schedule.name());
        assertEquals(reference.gradients().keySet(), step.result().gradients().keySet());
        reference.gradients().forEach((name, g) -> {
            float[] want = g.floats();
            float[] got = step.result().gradients().get(name).floats();
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-6 + 1e-4 * Math.abs(want[i]),
                        schedule.name() + " gradient of " + name + "[" + i + "]");
            }
        });
        int tasksPerStage = schedule.splitsBackward() ? 3 : 2;
        assertEquals(schedule.stages() * schedule.microbatches() * tasksPerStage, step.timeline().spans().size());
    }
}
