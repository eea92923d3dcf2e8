package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * Add, Sub, Mul, Div and Pow with numpy broadcasting: each operand's gradient is the
 * local derivative times the output gradient, summed back to the operand's shape.
 */
public final class BinaryGradients {

    /** ∂out/∂a and ∂out/∂b at one element, given a, b and the output. */
    private interface Partials {
        float da(float a, float b);

        float db(float a, float b);
    }

    public List<InterpretedRule> rules() {
        return List.of(
                rule("Add", new Partials() {
                    public float da(float a, float b) {
                        return 1;
                    }

                    public float db(float a, float b) {
                        return 1;
                    }
                }),
                rule("Sub", new Partials() {
                    public float da(float a, float b) {
                        return 1;
                    }

                    public float db(float a, float b) {
                        return -1;
                    }
                }),
                rule("Mul", new Partials() {
                    public float da(float a, float b) {
                        return b;
                    }

                    public float db(float a, float b) {
                        return a;
                    }
                }),
                rule("Div", new Partials() {
                    public float da(float a, float b) {
                        return 1 / b;
                    }

                    public float db(float a, float b) {
                        return -a / (b * b);
                    }
                }),
                rule("Pow", new Partials() {
                    public float da(float a, float b) {
                        return (float) (b * Math.pow(a, b - 1));
                    }

                    public float db(float a, float b) {
                        return (float) (Math.pow(a, b) * Math.log(a));
                    }
                }));
    }

    private static InterpretedRule rule(String op, Partials partials) {
        return new InterpretedRule() {
            @Override
            public String op() {
                return op;
            }

            @Override
            public Tensor[] backward(InterpretedContext ctx) {
                Tensor g = ctx.outputGrad(0);
                int[] shape = g.shape();
                float[] a = InterpretedMath.expand(ctx.input(0), shape);
                float[] b = InterpretedMath.expand(ctx.input(1), shape);
                float[] dy = g.floats();
                Tensor[] out = ctx.none();
                if (ctx.wants(0)) {
                    float[] da = new float[dy.length];
                    for (int i = 0; i < dy.length; i++) {
                        da[i] = dy[i] * partials.da(a[i], b[i]);
                    }
                    out[0] = InterpretedMath.sumTo(da, shape, ctx.input(0).shape());
                }
                if (ctx.wants(1)) {
                    float[] db = new float[dy.length];
                    for (int i = 0; i < dy.length; i++) {
                        db[i] = dy[i] * partials.db(a[i], b[i]);
                    }
                    out[1] = InterpretedMath.sumTo(db, shape, ctx.input(1).shape());
                }
                return out;
            }
        };
    }
}
