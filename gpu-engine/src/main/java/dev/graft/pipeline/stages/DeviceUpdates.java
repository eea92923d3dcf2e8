package dev.graft.pipeline.stages;

import dev.graft.engine.train.Optimizer;
import dev.graft.engine.train.ResidentUpdate;
import java.util.HashMap;
import java.util.Map;

/**
 * A trainer's optimizer applied where the parameters are: one {@link ResidentUpdate}
 * (with its own optimizer state) per stage or replica, made on first use. A trainer
 * keeps one optimizer across its training steps, since the state belongs to it.
 */
final class DeviceUpdates {
    private final Map<Integer, ResidentUpdate> updates = new HashMap<>();
    private Optimizer optimizer;

    ResidentUpdate of(int stageOrReplica, Optimizer given) {
        if (optimizer == null) {
            optimizer = given;
        } else if (optimizer != given) {
            throw new IllegalArgumentException("a trainer applies one optimizer across its training steps");
        }
        return updates.computeIfAbsent(stageOrReplica, k -> new ResidentUpdate(given.rule()));
    }
}
