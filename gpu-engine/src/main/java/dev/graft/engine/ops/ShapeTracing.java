package dev.graft.engine.ops;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Carries {@link ShapeValue}s through the small integer computations exporters
 * build shapes with. Ops that only move elements (Gather, Slice, Concat, ...) are
 * run on the values with each symbolic element replaced by a unique code, and the
 * codes read back from the result; elementwise arithmetic keeps the known
 * elements and makes the others unknown.
 */
final class ShapeTracing {
    /** Ops whose outputs hold elements of their first inputs, moved but never computed on. */
    private static final Set<String> MOVERS = Set.of("Gather", "Slice", "Concat", "Squeeze", "Unsqueeze", "Reshape",
            "Identity", "Cast", "Expand", "Flatten", "Split", "Transpose", "Tile");
    private static final Set<String> ARITHMETIC = Set.of("Add", "Sub", "Mul", "Div", "Max", "Min");
    /** Codes stand far below any real shape entry. */
    private static final long CODE_BASE = Long.MIN_VALUE / 2;

    private ShapeTracing() {
    }

    /**
     * The shape values of a node's outputs, or {@code null} when it computes none;
     * {@code known} gives the shape value or constant of each input (null if neither).
     */
    static List<ShapeValue> trace(Node node, Op op, List<ShapeValue> known) {
        if (!traceable(node, known)) {
            return null;
        }
        if (MOVERS.contains(node.op()) && node.domain().isEmpty()) {
            return move(node, op, known);
        }
        if (ARITHMETIC.contains(node.op()) && node.domain().isEmpty()) {
            return List.of(arithmetic(node, op, known));
        }
        return unknown(node);
    }

    private static List<ShapeValue> unknown(Node node) {
        List<ShapeValue> out = new ArrayList<>();
        for (Value v : node.outputs()) {
            out.add(ShapeValue.unknown(length(v)));
        }
        return out;
    }

    private static boolean traceable(Node node, List<ShapeValue> known) {
        boolean symbolic = false;
        for (int i = 0; i < known.size(); i++) {
            if (node.input(i) == null) {
                continue;
            }
            if (known.get(i) == null) {
                return false;
            }
            symbolic |= !known.get(i).isConstant();
        }
        if (!symbolic) {
            return false;
        }
        for (Value out : node.outputs()) {
            if (out.type() == null || out.type().dtype().isFloating() || out.type().rank() > 1 || length(out) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int length(Value v) {
        var shape = v.type().shape();
        if (shape.rank() == 0) {
            return 1;
        }
        Dim d = shape.dim(0);
        return d.isKnown() && d.size() <= ShapeValue.MAX_LENGTH ? (int) d.size() : -1;
    }

    private static List<ShapeValue> move(Node node, Op op, List<ShapeValue> known) {
        // Only data inputs may carry codes; a symbolic shape, index or axes input would be read as numbers.
        for (int i = node.op().equals("Concat") ? known.size() : 1; i < known.size(); i++) {
            if (known.get(i) != null && !known.get(i).isConstant()) {
                return unknown(node);
            }
        }
        List<Dim> table = new ArrayList<>();
        List<Tensor> encoded = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            ShapeValue v = known.get(i);
            Value in = node.input(i);
            if (v == null) {
                encoded.add(null);
                continue;
            }
            long[] codes = new long[v.length()];
            for (int k = 0; k < codes.length; k++) {
                if (v.isKnown(k)) {
                    codes[k] = v.known()[k];
                } else {
                    codes[k] = CODE_BASE + table.size();
                    table.add(v.symbolic()[k]);
                }
            }
            int[] shape = in.type().rank() == 0 ? new int[0] : new int[] {codes.length};
            DType dtype = in.type().dtype().isFloating() ? DType.INT64 : in.type().dtype();
            encoded.add(Tensor.ofLongs(dtype == DType.BOOL ? DType.INT64 : dtype, shape, codes));
        }
        List<Tensor> results;
        try {
            results = op.execute(new ExecutionContext(node, encoded));
        } catch (OpException | IllegalArgumentException | ArithmeticException e) {
            return null;
        }
        List<ShapeValue> out = new ArrayList<>();
        for (Tensor t : results.subList(0, node.outputs().size())) {
            if (t.dtype().isFloating()) {
                return null;
            }
            long[] v = t.longs();
            long[] plain = new long[v.length];
            Dim[] symbolic = new Dim[v.length];
            for (int k = 0; k < v.length; k++) {
                long index = v[k] - CODE_BASE;
                if (index >= 0 && index < table.size()) {
                    symbolic[k] = table.get((int) index);
                } else {
                    plain[k] = v[k];
                }
            }
            out.add(new ShapeValue(plain, symbolic));
        }
        return out;
    }

    /** Known elements computed, any element that reads a symbolic one unknown (inputs are at most 1-D). */
    private static ShapeValue arithmetic(Node node, Op op, List<ShapeValue> known) {
        int n = length(node.output(0));
        List<Tensor> substituted = new ArrayList<>();
        boolean[] unknown = new boolean[n];
        for (int i = 0; i < known.size(); i++) {
            ShapeValue v = known.get(i);
            long[] values = v.known().clone();
            for (int k = 0; k < values.length; k++) {
                if (!v.isKnown(k)) {
                    values[k] = 1;
                    for (int j = 0; j < n; j++) {
                        unknown[j] |= values.length == 1 || j == k;
                    }
                }
            }
            Value in = node.input(i);
            int[] shape = in.type().rank() == 0 ? new int[0] : new int[] {values.length};
            substituted.add(Tensor.ofLongs(in.type().dtype(), shape, values));
        }
        long[] result;
        try {
            result = op.execute(new ExecutionContext(node, substituted)).getFirst().longs();
        } catch (OpException | IllegalArgumentException | ArithmeticException e) {
            return ShapeValue.unknown(n);
        }
        Dim[] symbolic = new Dim[n];
        for (int j = 0; j < n; j++) {
            symbolic[j] = unknown[j] ? Dim.UNKNOWN : null;
        }
        return new ShapeValue(result.length == n ? result : new long[n], symbolic);
    }

    static void record(Node node, List<ShapeValue> values, Map<Value, ShapeValue> into) {
        for (int k = 0; k < node.outputs().size() && k < values.size(); k++) {
            into.put(node.output(k), values.get(k));
        }
    }
}
