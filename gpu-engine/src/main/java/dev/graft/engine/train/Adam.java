package dev.graft.engine.train;

import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) with bias correction: m ← β₁m + (1−β₁)g,
 * v ← β₂v + (1−β₂)g², w ← w − lr·m̂/(√v̂ + ε).
 */
public final class Adam implements Optimizer {
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, State> states = new HashMap<>();

    private static final class State {
        final float[] m;
        final float[] v;
        int step;

        State(int n) {
            m = new float[n];
            v = new float[n];
        }
    }

    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-8f);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public Tensor update(String name, Tensor value, Tensor grad) {
        float[] w = value.floats();
        float[] g = grad.floats();
        State s = states.computeIfAbsent(name, k -> new State(w.length));
        s.step++;
        double c1 = 1 - Math.pow(beta1, s.step);
        double c2 = 1 - Math.pow(beta2, s.step);
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            s.m[i] = beta1 * s.m[i] + (1 - beta1) * g[i];
            s.v[i] = beta2 * s.v[i] + (1 - beta2) * g[i] * g[i];
            out[i] = (float) (w[i] - learningRate * (s.m[i] / c1) / (Math.sqrt(s.v[i] / c2) + epsilon));
        }
        return GradMath.floats(value.shape(), out);
    }

    /** As {@link #update}, with the bias corrections as the step's scalars: lr/c₁ and 1/c₂. */
    @Override
    public UpdateRule rule() {
        return new UpdateRule() {
            @Override
            public List<String> state() {
                return List.of("m", "v");
            }

            @Override
            public Map<String, Float> scalars(int t) {
                return Map.of("adam_step", (float) (learningRate / (1 - Math.pow(beta1, t))),
                        "adam_inv_c2", (float) (1 / (1 - Math.pow(beta2, t))));
            }

            @Override
            public List<Value> emit(UpdateNodes g, Value w, Value grad, List<Value> state, Map<String, Value> s) {
                Value m = g.add(g.mul(g.constant(beta1), state.get(0)), g.mul(g.constant(1 - beta1), grad));
                Value v = g.add(g.mul(g.constant(beta2), state.get(1)),
                        g.mul(g.constant(1 - beta2), g.mul(grad, grad)));
                Value denominator = g.add(g.sqrt(g.mul(v, s.get("adam_inv_c2"))), g.constant(epsilon));
                return List.of(g.sub(w, g.mul(s.get("adam_step"), g.div(m, denominator))), m, v);
            }
        };
    }
}
