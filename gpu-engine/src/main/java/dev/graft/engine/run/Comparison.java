package dev.graft.engine.run;

import dev.graft.engine.tensor.Tensor;

/** How far two tensors of one shape are apart. */
public final class Comparison {
    private Comparison() {
    }

    /** The largest absolute elementwise difference; NaN where only one side is NaN counts as infinite. */
    public static double maxAbsDiff(Tensor expected, Tensor actual) {
        if (expected.size() != actual.size()) {
            throw new IllegalArgumentException("sizes differ: " + expected.size() + " and " + actual.size());
        }
        double max = 0;
        for (int i = 0; i < expected.size(); i++) {
            double a = expected.getDouble(i);
            double b = actual.getDouble(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (Double.isNaN(a) != Double.isNaN(b)) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            max = Math.max(max, Math.abs(a - b));
        }
        return max;
    }
}
