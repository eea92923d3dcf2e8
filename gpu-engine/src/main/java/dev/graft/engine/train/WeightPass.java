package dev.graft.engine.train;

import java.util.Map;

/**
 * The weight-gradient graph of a {@link BackwardPass}: {@code gradients} maps each
 * parameter to the output holding its gradient, or, when the pass adds into the sums
 * of earlier microbatches (inputs {@code Σname}), its new sum. Each parameter has an
 * output of its own, so that each can be handed to the step's values.
 */
record WeightPass(PassPart part, Map<String, String> gradients) {

    /** The name under which the step's values keep the gradient sum of {@code parameter}. */
    static String sumOf(String parameter) {
        return "Σ" + parameter;
    }
}
