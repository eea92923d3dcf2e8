package dev.graft.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float binary functions that every model runs many times (the four
 * arithmetic operations, Max, Min and Pow), with a vectorized row loop (a scalar
 * one for Pow).
 * {@link Elementwise#floats} runs them a row at a time through {@link #row};
 * any other {@link Elementwise.FloatBinary} goes element by element through an
 * interface call that the JIT cannot inline once several ops share the loop.
 *
 * <p>The vector form calls {@link FloatVector#add} and its siblings rather than
 * {@code lanewise(op, v)} with the op in a field: the Vector API compiles a
 * lanewise op to one instruction only when the op is a compile-time constant.
 */
public enum FloatArithmetic implements Elementwise.FloatBinary {
    ADD, SUB, MUL, DIV,
    /** Propagates NaN like {@link Math#max}, as ONNX Max does. */
    MAX,
    /** Propagates NaN like {@link Math#min}, as ONNX Min does. */
    MIN,
    /**
     * Squares (RMSNorm) and cubes (GELU's tanh form) are the common cases and need
     * no call to Math.pow; the cube is computed in double and rounded once. Only
     * those two exponents, as a scalar, have vector rows.
     */
    POW;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    @Override
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case POW -> pow(a, b);
        };
    }

    private static float pow(float a, float b) {
        if (b == 2f) {
            return a * a;
        }
        if (b == 3f) {
            double d = a;
            return (float) (d * d * d);
        }
        return (float) Math.pow(a, b);
    }

    /** The same function on whole vectors; a switch per vector costs little beside the vector's work. */
    private FloatVector apply(FloatVector a, FloatVector b) {
        return switch (this) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
            case POW -> throw new AssertionError("POW rows are scalar");
        };
    }

    /**
     * {@code out[o + k] = x[i + k * sx] (op) y[j + k * sy]} for {@code k < n}; a
     * stride is 1 or 0 (broadcast along the row).
     */
    void row(float[] x, int i, int sx, float[] y, int j, int sy, float[] out, int o, int n) {
        int k = this == POW ? powerPart(x, i, sx, y, j, sy, out, o, n) : vectorPart(x, i, sx, y, j, sy, out, o, n);
        for (; k < n; k++) {
            out[o + k] = apply(x[i + k * sx], y[j + k * sy]);
        }
    }

    /** The whole vectors of a row of x squared or cubed; returns how many elements they covered. */
    private static int powerPart(float[] x, int i, int sx, float[] y, int j, int sy, float[] out, int o, int n) {
        if (sx != 1 || sy != 0) {
            return 0;
        }
        if (y[j] == 2f) {
            int bound = SPECIES.loopBound(n);
            for (int k = 0; k < bound; k += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, x, i + k);
                v.mul(v).intoArray(out, o + k);
            }
            return bound;
        }
        if (y[j] == 3f) {
            int bound = Widening.loopBound(n);
            for (int k = 0; k < bound; k += Widening.LANES) {
                DoubleVector d = Widening.widen(x, i + k);
                Widening.narrow(d.mul(d).mul(d), out, o + k);
            }
            return bound;
        }
        return 0;
    }

    /** The whole vectors of a row; returns how many elements they covered. */
    private int vectorPart(float[] x, int i, int sx, float[] y, int j, int sy, float[] out, int o, int n) {
        int bound = SPECIES.loopBound(n);
        int step = SPECIES.length();
        if (sx == 1 && sy == 1) {
            for (int k = 0; k < bound; k += step) {
                apply(FloatVector.fromArray(SPECIES, x, i + k), FloatVector.fromArray(SPECIES, y, j + k))
                        .intoArray(out, o + k);
            }
        } else if (sx == 1) {
            FloatVector b = FloatVector.broadcast(SPECIES, y[j]);
            for (int k = 0; k < bound; k += step) {
                apply(FloatVector.fromArray(SPECIES, x, i + k), b).intoArray(out, o + k);
            }
        } else if (sy == 1) {
            FloatVector a = FloatVector.broadcast(SPECIES, x[i]);
            for (int k = 0; k < bound; k += step) {
                apply(a, FloatVector.fromArray(SPECIES, y, j + k)).intoArray(out, o + k);
            }
        } else {
            return 0;
        }
        return bound;
    }
}
