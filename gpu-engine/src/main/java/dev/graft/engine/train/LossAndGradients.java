package dev.graft.engine.train;

import dev.graft.engine.tensor.Tensor;
import java.util.Map;

/** What one training step computed before the optimizer ran: the batch loss and the parameter gradients. */
public record LossAndGradients(double loss, Map<String, Tensor> gradients) {
}
