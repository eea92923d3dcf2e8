package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.SoftmaxCrossEntropy;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A model whose stage 0 output is read by two later stages, so its gradient comes back
 * from both and is summed: x → h0 | stage | h1 = tanh(h0·W1) | stage | tanh(h1·W2) + h0
 * → loss. {@code width} sets the hidden size, 3 classes.
 */
public final class ResidualModel {
    private ResidualModel() {
    }

    public static TrainableModel build(int width) {
        Graph g = new Graph("residual");
        Random r = new Random(2);
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, Dim.symbol("batch"), Dim.of(width)));
        Value labels = g.addInput("labels", TensorType.of(DType.INT64, Dim.symbol("batch")));
        Value w0 = g.addInitializer("w0", random(r, width, width));
        Value w1 = g.addInitializer("w1", random(r, width, width));
        Value w2 = g.addInitializer("w2", random(r, width, width));
        Value head = g.addInitializer("head", random(r, width, 3));
        Value h0 = g.addNode("Tanh", Attributes.NONE, g.addNode("MatMul", Attributes.NONE, x, w0).output(0)).output(0);
        Value h1 = g.addNode("Tanh", Attributes.NONE,
                g.addNode("MatMul", Attributes.NONE, StageBoundary.mark(g, h0), w1).output(0)).output(0);
        Value h2 = g.addNode("Tanh", Attributes.NONE,
                g.addNode("MatMul", Attributes.NONE, StageBoundary.mark(g, h1), w2).output(0)).output(0);
        Value sum = g.addNode("Add", Attributes.NONE, h2, h0).output(0);
        Value logits = g.addNode("MatMul", Attributes.NONE, sum, head).output(0);
        Value loss = g.addNode(null, SoftmaxCrossEntropy.DOMAIN, SoftmaxCrossEntropy.NAME, Attributes.NONE,
                List.of(logits, labels), List.of("loss")).output(0);
        g.addOutput(loss);
        return new TrainableModel(g, Set.of("w0", "w1", "w2", "head"), "loss");
    }

    /**
     * GPipe over the three stages on two devices, stages 0 and 2 on device 0: the
     * gradient of stage 0's output comes back from stage 1 as a message from the other
     * device and from stage 2 on the same device, and the two are summed there.
     */
    public static Schedule onTwoDevices(int microbatches) {
        List<Task> first = new ArrayList<>();
        List<Task> second = new ArrayList<>();
        for (int stage : new int[] {0, 2}) {
            for (int m = 0; m < microbatches; m++) {
                first.add(Task.f(stage, m));
            }
        }
        for (int stage : new int[] {2, 0}) {
            for (int m = 0; m < microbatches; m++) {
                first.add(Task.b(stage, m));
            }
        }
        for (int m = 0; m < microbatches; m++) {
            second.add(Task.f(1, m));
        }
        for (int m = 0; m < microbatches; m++) {
            second.add(Task.b(1, m));
        }
        return Schedule.custom("residual on 2 devices", 3, microbatches, List.of(first, second));
    }

    /** Gaussian entries of standard deviation 0.5. */
    static Tensor random(Random r, int... shape) {
        float[] d = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * 0.5);
        }
        return Tensor.ofFloats(DType.FLOAT32, shape, d);
    }
}
