package dev.graft.engine.train;

import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stochastic gradient descent with optional momentum: v ← μ·v + g, w ← w − lr·v. */
public final class Sgd implements Optimizer {
    private final float learningRate;
    private final float momentum;
    private final Map<String, float[]> velocity = new HashMap<>();

    public Sgd(float learningRate, float momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public Tensor update(String name, Tensor value, Tensor grad) {
        float[] w = value.floats();
        float[] g = grad.floats();
        float[] v = velocity.computeIfAbsent(name, k -> new float[w.length]);
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            v[i] = momentum * v[i] + g[i];
            out[i] = w[i] - learningRate * v[i];
        }
        return GradMath.floats(value.shape(), out);
    }

    @Override
    public UpdateRule rule() {
        return new UpdateRule() {
            @Override
            public List<String> state() {
                return List.of("velocity");
            }

            @Override
            public Map<String, Float> scalars(int t) {
                return Map.of();
            }

            @Override
            public List<Value> emit(UpdateNodes g, Value w, Value grad, List<Value> state, Map<String, Value> s) {
                Value v = g.add(g.mul(g.constant(momentum), state.getFirst()), grad);
                return List.of(g.sub(w, g.mul(g.constant(learningRate), v)), v);
            }
        };
    }
}
