package dev.graft.pipeline.models;

import dev.graft.engine.cli.UserError;

/**
 * Where stage boundaries go in a stack of layers: stage k starts at layer
 * ⌊k·L/S⌋, so stages differ by at most one layer (the embedding rides with the
 * first stage, the head with the last).
 */
public final class LayerStages {
    private LayerStages() {
    }

    /** Whether layer {@code layer} (> 0) starts a new stage when {@code layers} layers form {@code stages} stages. */
    public static boolean startsStage(int layer, int layers, int stages) {
        for (int k = 1; k < stages; k++) {
            if (layer == (int) ((long) k * layers / stages)) {
                return true;
            }
        }
        return false;
    }

    public static void requireEnoughLayers(String model, int layers, int stages) {
        if (stages > layers) {
            throw new UserError("cannot cut a " + layers + "-layer " + model + " into " + stages
                    + " stages: more stages than layers (use --layers " + stages + " or more)");
        }
        if (stages < 1) {
            throw new UserError("the stage count must be at least 1, got " + stages);
        }
    }
}
