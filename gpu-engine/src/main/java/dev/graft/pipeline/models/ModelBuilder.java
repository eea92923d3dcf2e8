package dev.graft.pipeline.models;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Builds synthetic models through the graph API: seeded parameters, constants and nodes. */
final class ModelBuilder {
    final Graph graph;
    /** Its Gaussians (ziggurat) come ten times faster than Random's, which counts at 10⁸ parameters. */
    private final SplittableRandom random;
    private final Set<String> parameters = new LinkedHashSet<>();

    ModelBuilder(String name, long seed) {
        graph = new Graph(name);
        random = new SplittableRandom(seed);
    }

    /** A trainable parameter drawn from N(0, scale²). */
    Value parameter(String name, float scale, int... shape) {
        float[] data = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * scale);
        }
        return trainable(name, Tensor.ofFloats(DType.FLOAT32, shape, data));
    }

    /** A trainable parameter filled with one value (norm gains, biases). */
    Value filled(String name, float value, int... shape) {
        float[] data = new float[Tensor.sizeOf(shape)];
        Arrays.fill(data, value);
        return trainable(name, Tensor.ofFloats(DType.FLOAT32, shape, data));
    }

    private Value trainable(String name, Tensor t) {
        parameters.add(name);
        return graph.addInitializer(name, t);
    }

    /** A constant that is not trained. */
    Value constant(String name, Tensor t) {
        return graph.addInitializer(name, t);
    }

    Value node(String op, Value... inputs) {
        return graph.addNode(op, Attributes.NONE, inputs).output(0);
    }

    Value node(String op, Attributes attributes, Value... inputs) {
        return graph.addNode(op, attributes, inputs).output(0);
    }

    Value node(String domain, String op, Value... inputs) {
        return graph.addNode(null, domain, op, Attributes.NONE, List.of(inputs),
                List.of(graph.freshValueName(op))).output(0);
    }

    Set<String> parameters() {
        return parameters;
    }
}
