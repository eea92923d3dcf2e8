package dev.graft.pypm.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * The functions a rule's condition and attribute expressions may call. Numbers are
 * {@code Long} or {@code Double}; a graph value argument is the value a variable is
 * bound to. Any misuse makes the rule not apply to that match.
 */
enum Builtin {
    /** {@code len(list)} */
    LEN("len", 1, 1),
    /**
     * {@code value(x)}, {@code value(x, default)}: the constant x holds, a number for a
     * rank-0 tensor, else a flat list; the default when x is unbound.
     */
    VALUE("value", 1, 2),
    /** {@code scalar(x)}, {@code scalar(x, default)}: the one element of a one-element constant, of any rank. */
    SCALAR("scalar", 1, 2),
    /** {@code attr(x, "name")}, {@code attr(x, "name", default)}: an attribute of the node producing x. */
    ATTR("attr", 2, 3),
    SQRT("sqrt", 1, 1),
    ABS("abs", 1, 1),
    INT("int", 1, 1),
    FLOAT("float", 1, 1),
    /** {@code isclose(a, b)}, {@code isclose(a, b, rel)}: |a - b| <= rel * max(|a|, |b|) + 1e-12; rel defaults to 1e-5. */
    ISCLOSE("isclose", 2, 3),
    /** {@code prod(list)}: the product of a list of integers. */
    PROD("prod", 1, 1),
    /** {@code range(n)}: {@code [0, 1, ..., n-1]}. */
    RANGE("range", 1, 1),
    /** {@code permute(list, perm)}: {@code [list[perm[0]], list[perm[1]], ...]}; composes Transpose perms. */
    PERMUTE("permute", 2, 2),
    /** {@code bound(x)}: whether this match binds x (it may not, on one side of an alternation). */
    BOUND("bound", 1, 1),
    /**
     * {@code reduce_axes(r)}: the axes a Reduce* node reduces, from its constant axes
     * input (opset 18) or attribute (earlier), made non-negative and sorted.
     */
    REDUCE_AXES("reduce_axes", 1, 1),
    /**
     * {@code slice_bounds(s)}: for a Slice of one axis with constant inputs,
     * {@code [axis, start, end, step]} with axis non-negative and start and end clamped
     * to the input's (known) dimension, as numpy does.
     */
    SLICE_BOUNDS("slice_bounds", 1, 1),
    /**
     * {@code is_causal_mask(m)}: whether constant m, of shape (..., sq, skv) with every
     * leading dimension 1, is 0 where {@code j <= i + (skv - sq)} and below -1e30
     * elsewhere: the additive form of FusedAttention's {@code causal=1}.
     */
    IS_CAUSAL_MASK("is_causal_mask", 1, 1);

    final String spelling;
    final int minArgs;
    final int maxArgs;

    Builtin(String spelling, int minArgs, int maxArgs) {
        this.spelling = spelling;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    static Builtin named(String name) {
        for (Builtin b : values()) {
            if (b.spelling.equals(name)) {
                return b;
            }
        }
        return null;
    }

    Object apply(List<Object> args, Constants constants) {
        Object a = args.getFirst();
        boolean defaulted = a == null && args.size() > minArgs;
        return switch (this) {
            case LEN -> (long) Values.list(a, "len").size();
            case VALUE -> defaulted ? args.getLast() : constants.valueOf(Values.graphValue(a, "value"));
            case SCALAR -> defaulted ? args.getLast() : constants.scalarOf(Values.graphValue(a, "scalar"));
            case ATTR -> attribute(Values.graphValue(a, "attr"), Values.string(args.get(1), "attr"),
                    args.size() == 3 ? args.get(2) : null);
            case SQRT -> Math.sqrt(Values.number(a, "sqrt"));
            case ABS -> a instanceof Long l ? (Object) Math.abs(l) : (Object) Math.abs(Values.number(a, "abs"));
            case INT -> a instanceof Long ? a : (long) Values.number(a, "int");
            case FLOAT -> Values.number(a, "float");
            case ISCLOSE -> isClose(Values.number(a, "isclose"), Values.number(args.get(1), "isclose"),
                    args.size() == 3 ? Values.number(args.get(2), "isclose") : 1e-5);
            case PROD -> {
                long p = 1;
                for (Object o : Values.list(a, "prod")) {
                    p = Math.multiplyExact(p, Values.integer(o, "prod"));
                }
                yield p;
            }
            case RANGE -> {
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < Values.integer(a, "range"); i++) {
                    out.add(i);
                }
                yield out;
            }
            case PERMUTE -> {
                List<?> list = Values.list(a, "permute");
                List<Object> out = new ArrayList<>();
                for (Object i : Values.list(args.get(1), "permute")) {
                    long at = Values.integer(i, "permute");
                    if (at < 0 || at >= list.size()) {
                        throw new NotApplicable("permute: index " + at + " out of range");
                    }
                    out.add(list.get((int) at));
                }
                yield out;
            }
            case BOUND -> a != null;
            case REDUCE_AXES -> OnnxForms.reduceAxes(Values.graphValue(a, "reduce_axes"), constants);
            case SLICE_BOUNDS -> OnnxForms.sliceBounds(Values.graphValue(a, "slice_bounds"), constants);
            case IS_CAUSAL_MASK -> OnnxForms.isCausalMask(Values.graphValue(a, "is_causal_mask"), constants);
        };
    }

    private static Object attribute(dev.graft.engine.graph.Value v, String name, Object fallback) {
        Object found = Values.attributeOrNull(v, name);
        if (found != null) {
            return found;
        }
        if (fallback == null) {
            throw new NotApplicable("value '" + v.name() + "' has no attribute " + name);
        }
        return fallback;
    }

    private static boolean isClose(double a, double b, double rel) {
        return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
    }
}
