package dev.graft.engine.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float storage computed in double precision a vector at a time: {@link #widen}
 * reads {@link #LANES} floats as a vector of doubles and {@link #narrow} rounds one
 * back, so a loop needs no double array beside its floats.
 */
public final class Widening {
    public static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** As many floats as a vector of doubles holds. */
    private static final VectorSpecies<Float> FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));
    public static final int LANES = DOUBLES.length();

    private Widening() {
    }

    /** {@code x[at .. at + LANES)} as doubles. */
    public static DoubleVector widen(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(FLOATS, x, at).convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /** Rounds {@code v} to floats at {@code out[at .. at + LANES)}. */
    public static void narrow(DoubleVector v, float[] out, int at) {
        ((FloatVector) v.convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(out, at);
    }

    /** How many of {@code n} elements whole vectors cover. */
    public static int loopBound(int n) {
        return DOUBLES.loopBound(n);
    }
}
