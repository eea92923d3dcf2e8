package dev.graft.pypm.rules;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Whether a replacement keeps the type of the value it replaces. */
final class Types {
    private Types() {
    }

    /**
     * The type the replacement's value takes: the old type refined by what the new
     * one knows. Refused when dtype or rank differ, or a dimension surely differs (two
     * sizes, two names, or a size against a name); an unknown dimension on either side
     * is taken from the other.
     */
    static TensorType merge(TensorType old, TensorType replacement) {
        if (old == null) {
            return replacement;
        }
        if (replacement == null) {
            return old;
        }
        if (old.dtype() != replacement.dtype() || old.rank() != replacement.rank()) {
            throw new Refused("the replacement computes " + replacement + " where the graph has " + old);
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < old.rank(); i++) {
            Dim a = old.shape().dim(i);
            Dim b = replacement.shape().dim(i);
            if (a instanceof Dim.Unknown) {
                dims.add(b);
            } else if (b instanceof Dim.Unknown || a.equals(b)) {
                dims.add(a);
            } else {
                throw new Refused("the replacement computes " + replacement + " where the graph has " + old);
            }
        }
        return new TensorType(old.dtype(), new Shape(dims));
    }
}
