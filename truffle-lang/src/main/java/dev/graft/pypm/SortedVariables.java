package dev.graft.pypm;

import dev.graft.pypm.runtime.Slot;
import java.util.Map;
import java.util.TreeMap;

/** A query's variables of one kind, names sorted (the order answers list bindings in) beside their slots. */
final class SortedVariables {
    private final String[] names;
    private final Slot[] slots;

    SortedVariables(Map<String, Slot> variables) {
        TreeMap<String, Slot> sorted = new TreeMap<>(variables);
        names = sorted.keySet().toArray(new String[0]);
        slots = sorted.values().toArray(new Slot[0]);
    }

    int size() {
        return names.length;
    }

    String name(int i) {
        return names[i];
    }

    Slot slot(int i) {
        return slots[i];
    }
}
