package dev.graft.pipeline.models;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.stages.StageBoundary;

/**
 * A classifier MLP built through the graph API: x (B, width) → L × [MatMul, Add
 * bias, Tanh] → MatMul to classes → softmax cross-entropy against labels (B).
 * With {@code stages} > 1 a stage boundary is placed before each layer that
 * starts a stage (see {@link LayerStages}).
 */
public final class SyntheticMlp {
    private SyntheticMlp() {
    }

    public static TrainableModel build(int layers, int width, int classes, int stages, long seed) {
        if (width < 1 || classes < 2) {
            throw new UserError("mlp needs width ≥ 1 and at least 2 classes (--vocab), got width=" + width
                    + " classes=" + classes);
        }
        LayerStages.requireEnoughLayers("mlp", layers, stages);
        ModelBuilder b = new ModelBuilder("synth-mlp", seed);
        Value x = b.graph.addInput("x", TensorType.of(DType.FLOAT32, Dim.symbol("batch"), Dim.of(width)));
        Value labels = b.graph.addInput("labels", TensorType.of(DType.INT64, Dim.symbol("batch")));
        Value h = x;
        float scale = (float) (1 / Math.sqrt(width));
        for (int l = 0; l < layers; l++) {
            if (stages > 1 && l > 0 && LayerStages.startsStage(l, layers, stages)) {
                h = StageBoundary.mark(b.graph, h);
            }
            Value w = b.parameter("layer" + l + ".weight", scale, width, width);
            Value bias = b.filled("layer" + l + ".bias", 0f, width);
            h = b.node("Tanh", b.node("Add", b.node("MatMul", h, w), bias));
        }
        Value head = b.parameter("head.weight", scale, width, classes);
        Value loss = b.node(SoftmaxCrossEntropy.DOMAIN, SoftmaxCrossEntropy.NAME, b.node("MatMul", h, head), labels);
        b.graph.addOutput(loss);
        return new TrainableModel(b.graph, b.parameters(), loss.name());
    }
}
