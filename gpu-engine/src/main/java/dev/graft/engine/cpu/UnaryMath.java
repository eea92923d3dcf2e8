package dev.graft.engine.cpu;

import dev.graft.engine.tensor.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The float functions of one input that models run often, computed in double
 * precision and rounded once, with a vectorized loop.
 *
 * <p>The vector form is a switch in the loop rather than a function object: one
 * loop shared by several functions through an interface call is not inlined, and
 * then every vector is boxed (Sigmoid and Tanh cost 6 ns an element that way).
 * The Vector API compiles its math (exp, tanh, log) to vectorized library calls of
 * double precision, so the result is the scalar one up to the libraries' last-bit
 * differences.
 */
public enum UnaryMath {
    NEG, ABS, EXP, LOG, SQRT, RECIPROCAL, TANH,
    /** {@code 1 / (1 + exp(-x))}, through {@code exp(-|x|)}, which never overflows. */
    SIGMOID,
    RELU;

    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RECIPROCAL -> 1 / x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            case RELU -> Math.max(x, 0);
        };
    }

    private DoubleVector apply(DoubleVector v) {
        return switch (this) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case EXP -> v.lanewise(VectorOperators.EXP);
            case LOG -> v.lanewise(VectorOperators.LOG);
            case SQRT -> v.lanewise(VectorOperators.SQRT);
            case RECIPROCAL -> v.broadcast(1).div(v);
            case TANH -> v.lanewise(VectorOperators.TANH);
            case SIGMOID -> sigmoid(v);
            case RELU -> v.max(0);
        };
    }

    private static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = x.abs().neg().lanewise(VectorOperators.EXP);
        DoubleVector numerator = e.broadcast(1).blend(e, x.compare(VectorOperators.LT, 0));
        return numerator.div(e.add(1));
    }

    /** Replaces every element by this function of it. */
    public void mapInPlace(double[] values) {
        int bound = Widening.loopBound(values.length);
        for (int i = 0; i < bound; i += Widening.LANES) {
            apply(DoubleVector.fromArray(Widening.DOUBLES, values, i)).intoArray(values, i);
        }
        for (int i = bound; i < values.length; i++) {
            values[i] = apply(values[i]);
        }
    }

    /** This function on every element of a floating tensor. */
    public Tensor map(Tensor a) {
        float[] x = a.floats();
        float[] out = new float[x.length];
        int bound = Widening.loopBound(x.length);
        for (int i = 0; i < bound; i += Widening.LANES) {
            Widening.narrow(apply(Widening.widen(x, i)), out, i);
        }
        for (int i = bound; i < x.length; i++) {
            out[i] = (float) apply(x[i]);
        }
        return Tensor.ofFloats(a.dtype(), a.shape(), out);
    }
}
