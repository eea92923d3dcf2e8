package dev.graft.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Differentiator;
import dev.graft.engine.train.LossAndGradients;
import dev.graft.engine.train.NodeRunner;
import dev.graft.engine.train.StageValues;
import dev.graft.engine.train.TrainableModel;
import dev.graft.engine.train.Trainer;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticMlp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a stage keeps between its passes. */
class GraphStageTest {

    @Test
    void laterForwardPassesKeepOnlyWhatTheBackwardPassReads() {
        TrainableModel model = SyntheticMlp.build(2, 8, 4, 1, 3);
        StageSpec spec = StageCut.of(model, StageMarkers.plan(model.graph())).stages().getFirst();
        Map<String, Tensor> fixed = new HashMap<>(model.constants());
        fixed.putAll(model.initialParameters());
        Map<String, Tensor> batch = SyntheticBatch.classification(4, 8, 4, 1);
        List<Map<String, Tensor>> parts = Microbatches.split(batch, 2);
        List<List<String>> kept = new ArrayList<>();
        NodeRunner recording = new NodeRunner() {
            @Override
            public StageValues values(StageValues step) {
                return NodeRunner.INTERPRETER.values(step);
            }

            @Override
            public void run(List<Node> nodes, StageValues values, List<String> outputs) {
                if (nodes == spec.nodes()) {
                    kept.add(outputs);
                }
                NodeRunner.INTERPRETER.run(nodes, values, outputs);
            }
        };
        GraphStage stage = new GraphStage(spec, new ResidentValues(recording),
                new Differentiator(spec.nodes(), spec.parameters(), Set.of()), fixed, parts, model.loss(), StepEnd.GRADIENTS);
        for (int m = 0; m < 2; m++) {
            stage.forward(m, Map.of());
        }
        for (int m = 0; m < 2; m++) {
            stage.backwardInput(m, Map.of());
            stage.backwardWeight(m);
        }
        assertEquals(NodeRunner.computed(spec.nodes()), kept.get(0));
        assertTrue(kept.get(1).size() < kept.get(0).size() && kept.get(1).contains(model.loss()), kept.toString());
        LossAndGradients reference = new Trainer(model).gradients(model.initialParameters(), batch);
        assertTrue(StepComparison.of(reference, new LossAndGradients(stage.lossSum() / 2, stage.gradients()))
                .error() < 1e-5);
    }
}
