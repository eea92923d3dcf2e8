package dev.graft.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** The dimensions of a tensor type, in order; rank 0 is a scalar. */
public record Shape(List<Dim> dims) {

    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(Dim... dims) {
        return new Shape(List.of(dims));
    }

    public static Shape of(long... sizes) {
        List<Dim> dims = new ArrayList<>();
        for (long s : sizes) {
            dims.add(Dim.of(s));
        }
        return new Shape(dims);
    }

    public static Shape of(int[] sizes) {
        List<Dim> dims = new ArrayList<>();
        for (int s : sizes) {
            dims.add(Dim.of(s));
        }
        return new Shape(dims);
    }

    /** A shape of the given rank whose every dimension is unknown. */
    public static Shape unknown(int rank) {
        return new Shape(Collections.nCopies(rank, Dim.UNKNOWN));
    }

    public int rank() {
        return dims.size();
    }

    public Dim dim(int axis) {
        return dims.get(axis);
    }

    /** Whether every dimension is known. */
    public boolean isStatic() {
        return dims.stream().allMatch(Dim::isKnown);
    }

    /** The sizes of a static shape. */
    public int[] toInts() {
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.toIntExact(dims.get(i).size());
        }
        return out;
    }

    @Override
    public String toString() {
        return dims.stream().map(Dim::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
