package dev.graft.pypm.core;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attribute map of a term: distinct names kept sorted (by {@link String#compareTo},
 * which is code-point order for the identifiers CORE-SPEC allows), so that two terms
 * are equal exactly when their ops, attributes and children are.
 */
public final class Attributes {
    public static final Attributes EMPTY = new Attributes(new String[0], new Value[0]);

    private final String[] names;
    private final Value[] values;
    /** Computed on first use, 0 meaning not yet (as String does): most attribute maps are never hashed. */
    private int hash;

    private Attributes(String[] names, Value[] values) {
        this.names = names;
        this.values = values;
    }

    public static Attributes of(Map<String, ? extends Value> map) {
        if (map.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, Value> sorted = new TreeMap<>(map);
        return new Attributes(sorted.keySet().toArray(new String[0]), sorted.values().toArray(new Value[0]));
    }

    /**
     * Builds from parallel arrays in any order.
     *
     * @throws IllegalArgumentException naming the first duplicate name
     */
    public static Attributes of(String[] names, Value[] values) {
        if (names.length != values.length) {
            throw new IllegalArgumentException(names.length + " attribute names for " + values.length + " values");
        }
        return names.length == 0 ? EMPTY : sortInPlace(names.clone(), values.clone());
    }

    /** Keeps the parallel arrays, which the caller hands over with the names strictly ascending. */
    static Attributes ofSorted(String[] sortedNames, Value[] sortedValues) {
        return new Attributes(sortedNames, sortedValues);
    }

    /** Sorts the parallel arrays, which the caller hands over, and keeps them. */
    static Attributes sortInPlace(String[] sortedNames, Value[] sortedValues) {
        // Insertion sort: attribute lists are short, and this runs for every term read.
        for (int i = 1; i < sortedNames.length; i++) {
            String name = sortedNames[i];
            Value value = sortedValues[i];
            int j = i - 1;
            while (j >= 0 && sortedNames[j].compareTo(name) > 0) {
                sortedNames[j + 1] = sortedNames[j];
                sortedValues[j + 1] = sortedValues[j];
                j--;
            }
            sortedNames[j + 1] = name;
            sortedValues[j + 1] = value;
        }
        for (int i = 1; i < sortedNames.length; i++) {
            if (sortedNames[i].equals(sortedNames[i - 1])) {
                throw new IllegalArgumentException("duplicate attribute " + sortedNames[i]);
            }
        }
        return new Attributes(sortedNames, sortedValues);
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    public Value value(int index) {
        return values[index];
    }

    /** The value of the named attribute, or null when the term has none. */
    public Value get(String name) {
        int at = Arrays.binarySearch(names, name);
        return at >= 0 ? values[at] : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attributes that && Arrays.equals(names, that.names) && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        WireBuffer out = new WireBuffer();
        WireWriter.writeAttributes(this, out);
        return out.toString();
    }
}
