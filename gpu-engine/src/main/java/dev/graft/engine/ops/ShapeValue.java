package dev.graft.engine.ops;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What inference knows about the value of a small integer tensor that holds a
 * shape (the output of Shape and the arithmetic exporters put after it): its
 * length, and each element either as a number or as a dimension of the input it
 * came from ({@code seq}), or unknown. Lets Reshape, Expand and friends keep
 * symbolic dimensions in graphs with dynamic axes.
 */
public record ShapeValue(long[] known, Dim[] symbolic) {

    public ShapeValue {
        if (known.length != symbolic.length) {
            throw new IllegalArgumentException("lengths differ");
        }
    }

    public static ShapeValue of(long[] values) {
        return new ShapeValue(values.clone(), new Dim[values.length]);
    }

    /** Longer integer vectors are not taken for shapes. */
    static final int MAX_LENGTH = 64;

    /** The shape value a constant carries, or {@code null} unless it is a small integer vector or scalar. */
    public static ShapeValue ofConstant(Tensor t) {
        if (t.dtype().isFloating() || t.rank() > 1 || t.size() > MAX_LENGTH) {
            return null;
        }
        return of(t.longs());
    }

    /** The value of {@code Shape(x)} for a value of these dimensions. */
    public static ShapeValue ofDims(List<Dim> dims) {
        long[] known = new long[dims.size()];
        Dim[] symbolic = new Dim[dims.size()];
        for (int i = 0; i < known.length; i++) {
            Dim d = dims.get(i);
            if (d.isKnown()) {
                known[i] = d.size();
            } else {
                symbolic[i] = d;
            }
        }
        return new ShapeValue(known, symbolic);
    }

    /** A value of this length whose elements are all unknown. */
    public static ShapeValue unknown(int length) {
        Dim[] symbolic = new Dim[length];
        Arrays.fill(symbolic, Dim.UNKNOWN);
        return new ShapeValue(new long[length], symbolic);
    }

    public int length() {
        return known.length;
    }

    public boolean isKnown(int i) {
        return symbolic[i] == null;
    }

    /** Element {@code i} as a dimension: a known size, a symbol, or unknown (also for negative numbers). */
    public Dim dim(int i) {
        return symbolic[i] != null ? symbolic[i] : known[i] >= 0 ? Dim.of(known[i]) : Dim.UNKNOWN;
    }

    public List<Dim> dims() {
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < length(); i++) {
            out.add(dim(i));
        }
        return out;
    }

    /** Every element known: the plain numbers. */
    public boolean isConstant() {
        return Arrays.stream(symbolic).allMatch(d -> d == null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShapeValue v && Arrays.equals(known, v.known) && Arrays.equals(symbolic, v.symbolic);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(known) + Arrays.hashCode(symbolic);
    }

    @Override
    public String toString() {
        return dims().toString();
    }
}
