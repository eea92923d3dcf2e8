package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.pipeline.models.DecoderConfig;
import dev.graft.pipeline.models.SyntheticBatch;
import dev.graft.pipeline.models.SyntheticDecoder;
import dev.graft.pipeline.models.SyntheticMlp;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole-model backward pass against finite differences, and the optimizers against their definitions. */
class TrainerTest {

    @Test
    void decoderGradientsMatchFiniteDifferencesOfTheLoss() {
        TrainableModel model = SyntheticDecoder.build(new DecoderConfig(2, 8, 2, 4, 7, false), 1, 5);
        Map<String, Tensor> batch = SyntheticBatch.tokens(3, 4, 7, 2);
        Trainer trainer = new Trainer(model);
        Map<String, Tensor> params = model.initialParameters();
        LossAndGradients result = trainer.gradients(params, batch);
        assertEquals(model.parameters(), result.gradients().keySet());
        int checked = 0;
        for (String name : model.parameters()) {
            Tensor g = result.gradients().get(name);
            int element = Math.floorMod(name.hashCode(), g.size());
            float h = 2e-3f;
            double up = trainer.gradients(nudged(params, name, element, h), batch).loss();
            double down = trainer.gradients(nudged(params, name, element, -h), batch).loss();
            double fd = (up - down) / (2 * h);
            assertEquals(fd, g.floats()[element], 5e-4 + 5e-2 * Math.abs(fd), name + "[" + element + "]");
            checked++;
        }
        assertTrue(checked > 20);
    }

    @Test
    void sgdAndAdamLowerTheLoss() {
        TrainableModel model = SyntheticMlp.build(2, 8, 3, 1, 4);
        Map<String, Tensor> batch = SyntheticBatch.classification(16, 8, 3, 8);
        for (Optimizer optimizer : new Optimizer[]{new Sgd(0.5f, 0.9f), new Adam(0.05f)}) {
            Trainer trainer = new Trainer(model);
            Map<String, Tensor> params = model.initialParameters();
            double first = trainer.gradients(params, batch).loss();
            double last = first;
            for (int step = 0; step < 20; step++) {
                LossAndGradients r = trainer.gradients(params, batch);
                last = r.loss();
                params = optimizer.step(params, r.gradients());
            }
            assertTrue(last < 0.7 * first, optimizer.getClass().getSimpleName() + ": " + first + " -> " + last);
        }
    }

    @Test
    void adamFirstStepMovesEachWeightByTheLearningRate() {
        Adam adam = new Adam(0.1f);
        Tensor w = Tensor.ofFloats(DType.FLOAT32, new int[]{3}, 1f, 2f, 3f);
        Tensor g = Tensor.ofFloats(DType.FLOAT32, new int[]{3}, 0.5f, -4f, 1e-3f);
        float[] next = adam.update("w", w, g).floats();
        // With bias correction the first step is lr·g/(|g|+ε): the sign of g times lr.
        assertEquals(0.9f, next[0], 1e-5);
        assertEquals(2.1f, next[1], 1e-5);
        assertEquals(2.9f, next[2], 1e-4);
    }

    @Test
    void sgdWithMomentumAccumulatesVelocity() {
        Sgd sgd = new Sgd(0.1f, 0.5f);
        Tensor g = Tensor.ofFloats(DType.FLOAT32, new int[]{1}, 2f);
        Tensor w = sgd.update("w", Tensor.ofFloats(DType.FLOAT32, new int[]{1}, 1f), g);
        assertEquals(0.8f, w.floats()[0], 1e-6);
        w = sgd.update("w", w, g);
        assertEquals(0.8f - 0.1f * 3f, w.floats()[0], 1e-6);
    }

    private static Map<String, Tensor> nudged(Map<String, Tensor> params, String name, int element, float by) {
        Map<String, Tensor> out = new HashMap<>(params);
        Tensor t = params.get(name);
        float[] d = t.floats().clone();
        d[element] += by;
        out.put(name, Tensor.ofFloats(DType.FLOAT32, t.shape(), d));
        return out;
    }
}
