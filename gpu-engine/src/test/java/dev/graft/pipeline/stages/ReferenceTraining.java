package dev.graft.pipeline.stages;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.Optimizer;
import dev.graft.engine.train.TrainableModel;
import dev.graft.engine.train.Trainer;
import java.util.Map;
import java.util.function.Supplier;

/** The parameters after K unpipelined training steps on one batch, the optimizer on the host: what trainers must match. */
public final class ReferenceTraining {
    private ReferenceTraining() {
    }

    public static Map<String, Tensor> after(TrainableModel model, Map<String, Tensor> batch,
                                            Supplier<Optimizer> optimizer, int steps) {
        Optimizer o = optimizer.get();
        Trainer trainer = new Trainer(model);
        Map<String, Tensor> params = model.initialParameters();
        for (int k = 0; k < steps; k++) {
            params = o.step(params, trainer.gradients(params, batch).gradients());
        }
        return params;
    }
}
