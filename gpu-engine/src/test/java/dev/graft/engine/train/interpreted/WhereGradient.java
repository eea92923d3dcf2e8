package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;

/** Where(cond, x, y): the gradient flows to x where cond holds and to y elsewhere, each summed to its shape. */
public final class WhereGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Where";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor g = ctx.outputGrad(0);
        int[] shape = g.shape();
        Tensor cond = ctx.input(0);
        float[] c = InterpretedMath.expand(InterpretedMath.floats(cond.shape(), asFloats(cond)), shape);
        float[] dy = g.floats();
        Tensor[] out = ctx.none();
        for (int side = 1; side <= 2; side++) {
            if (!ctx.wants(side)) {
                continue;
            }
            float[] d = new float[dy.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = (c[i] != 0) == (side == 1) ? dy[i] : 0;
            }
            out[side] = InterpretedMath.sumTo(d, shape, ctx.input(side).shape());
        }
        return out;
    }

    private static float[] asFloats(Tensor t) {
        float[] f = new float[t.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) t.getDouble(i);
        }
        return f;
    }
}
