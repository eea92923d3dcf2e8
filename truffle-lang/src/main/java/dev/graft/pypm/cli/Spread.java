package dev.graft.pypm.cli;

import java.util.List;

/**
 * The median and the range of a few measurements of one thing: on a shared machine one
 * measurement is a figure of the minute, the median of several a figure of the code.
 */
record Spread(double median, double min, double max) {
    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.getFirst(), sorted.getLast());
    }

    /** {@code median (min-max)}, each number in {@code format}, e.g. {@code "%.2fx"}. */
    String describe(String format) {
        return String.format(format + " (" + format + "-" + format + ")", median, min, max);
    }
}
