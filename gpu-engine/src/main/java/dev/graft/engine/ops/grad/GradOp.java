package dev.graft.engine.ops.grad;

import dev.graft.engine.ops.Op;
import dev.graft.engine.train.SoftmaxCrossEntropy;

/** An op of this package: named once, in the {@code graft.train} domain the backward passes use. */
abstract class GradOp implements Op {
    private final String name;

    GradOp(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String domain() {
        return SoftmaxCrossEntropy.DOMAIN;
    }
}
