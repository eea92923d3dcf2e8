package dev.graft.engine.train.interpreted;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.ops.standard.Normalization;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Normalization over the axes from {@code axis} on. LayerNormalization: with
 * x̂ = (x − μ)·r, r = 1/√(σ² + ε), y = x̂·γ + β: dγ = Σ dy·x̂, dβ = Σ dy, and
 * dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)) with dx̂ = dy·γ. RMSNormalization
 * (and onnxruntime's SimplifiedLayerNormalization) is the same without μ, β and
 * the mean(dx̂) term. μ and r are recomputed from x rather than read from the
 * optional outputs.
 */
public final class NormalizationGradients {

    public List<InterpretedRule> rules() {
        return List.of(new Norm("LayerNormalization", true), new Norm("RMSNormalization", false),
                new Norm("SimplifiedLayerNormalization", false));
    }

    private record Norm(String op, boolean centered) implements InterpretedRule {
        @Override
        public Tensor[] backward(InterpretedContext ctx) {
            Tensor x = ctx.input(0);
            int[] shape = x.shape();
            int axis = InterpretedMath.axis(ctx.attributes().getInt("axis", -1), shape.length);
            double eps = ctx.attributes().getFloat("epsilon", 1e-5f);
            int rows = Strides.span(shape, 0, axis);
            int n = Strides.span(shape, axis, shape.length);
            int[] normShape = Arrays.copyOfRange(shape, axis, shape.length);
            float[] gamma = InterpretedMath.expand(ctx.input(1), normShape);
            float[] xs = x.floats();
            float[] dy = ctx.outputGrad(0).floats();
            float[] dx = new float[xs.length];
            float[] dGamma = new float[n];
            float[] dBeta = new float[n];
            double[] xhat = new double[n];
            double[] dxhat = new double[n];
            for (int r = 0; r < rows; r++) {
                int base = r * n;
                double mean = centered ? Normalization.rowMean(xs, base, n) : 0;
                double inv = Normalization.inverseStd(xs, base, n, mean, eps);
                double meanD = 0;
                double meanDX = 0;
                for (int i = 0; i < n; i++) {
                    xhat[i] = (xs[base + i] - mean) * inv;
                    dxhat[i] = dy[base + i] * gamma[i];
                    meanD += dxhat[i];
                    meanDX += dxhat[i] * xhat[i];
                    dGamma[i] += (float) (dy[base + i] * xhat[i]);
                    dBeta[i] += dy[base + i];
                }
                meanD = centered ? meanD / n : 0;
                meanDX /= n;
                for (int i = 0; i < n; i++) {
                    dx[base + i] = (float) (inv * (dxhat[i] - meanD - xhat[i] * meanDX));
                }
            }
            Tensor[] out = ctx.none();
            if (ctx.wants(0)) {
                out[0] = InterpretedMath.floats(shape, dx);
            }
            if (ctx.wants(1)) {
                out[1] = InterpretedMath.sumTo(dGamma, normShape, ctx.input(1).shape());
            }
            if (centered && ctx.wants(2) && ctx.input(2) != null) {
                out[2] = InterpretedMath.sumTo(dBeta, normShape, ctx.input(2).shape());
            }
            return out;
        }
    }
}

