package dev.graft.engine.train;

import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
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
}
