package dev.graft.engine.ops;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX (numpy) multidirectional broadcasting: shapes are aligned at their last
 * dimension; each pair of dimensions must be equal or one of them 1. The static
 * form works on {@link Dim}s, where a symbol against a known size gives the
 * known size (the symbol must be bound to it or to 1) and two different symbols
 * give an unknown dimension.
 */
public final class Broadcasting {
    private Broadcasting() {
    }

    public static Shape shape(List<Shape> shapes) {
        int rank = shapes.stream().mapToInt(Shape::rank).max().orElse(0);
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            Dim result = Dim.of(1);
            for (Shape s : shapes) {
                int j = i - (rank - s.rank());
                if (j >= 0) {
                    result = combine(result, s.dim(j), shapes);
                }
            }
            out.add(result);
        }
        return new Shape(out);
    }

    public static Shape shape(Shape a, Shape b) {
        return shape(List.of(a, b));
    }

    private static Dim combine(Dim a, Dim b, List<Shape> shapes) {
        if (a.is(1)) {
            return b;
        }
        if (b.is(1) || a.equals(b) && !(a instanceof Dim.Unknown)) {
            return a;
        }
        if (a.isKnown() && b.isKnown()) {
            throw new OpException("cannot broadcast shapes " + shapes.stream().map(Shape::toString).toList()
                    + ": dimensions " + a + " and " + b + " differ");
        }
        if (a.isKnown()) {
            return a;
        }
        if (b.isKnown()) {
            return b;
        }
        return Dim.UNKNOWN;
    }

    /** The broadcast of concrete shapes. */
    public static int[] shape(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int j = 0; j < s.length; j++) {
                int i = j + rank - s.length;
                if (out[i] == 1) {
                    out[i] = s[j];
                } else if (s[j] != 1 && s[j] != out[i]) {
                    StringBuilder all = new StringBuilder();
                    for (int[] t : shapes) {
                        all.append(all.isEmpty() ? "" : ", ").append(Arrays.toString(t));
                    }
                    throw new OpException("cannot broadcast shapes " + all + ": dimensions " + out[i]
                            + " and " + s[j] + " differ");
                }
            }
        }
        return out;
    }
}
