package dev.graft.pypm.core;

import java.util.Arrays;

/**
 * Interns the names read from request lines (ops, attributes, variables), so that a name
 * that recurs, as an op name does thousands of times in one term, is one String: reading
 * it again allocates nothing, and comparing two of them is an identity check. Bounded:
 * when half full it starts over, so no input can make it grow without limit.
 */
final class AtomTable {
    private final String[] slots;
    /** Each stored name's characters and hash, beside it: compared without going through the String. */
    private final char[][] keys;
    private final int[] hashes;
    /**
     * By slot, then by integer: the one-entry attribute map of the slot's name and a shared
     * small integer, made once ({@link #single}); rows are made when first needed.
     */
    private final Attributes[][] singles;
    private int size;

    /** @param capacity a power of two */
    AtomTable(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        slots = new String[capacity];
        keys = new char[capacity][];
        hashes = new int[capacity];
        singles = new Attributes[capacity][];
    }

    /** {@code new String(text, start, end - start)}, the same String each time for the same characters. */
    String intern(char[] text, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text[i];
        }
        return intern(text, start, end, hash);
    }

    /** {@link #intern(char[], int, int)} for a caller that has the characters' String.hashCode already. */
    String intern(char[] text, int start, int end, int hash) {
        int length = end - start;
        int mask = slots.length - 1;
        int slot = spread(hash) & mask;
        for (char[] key = keys[slot]; key != null; key = keys[slot]) {
            if (hashes[slot] == hash && sameChars(key, text, start, length)) {
                return slots[slot];
            }
            slot = (slot + 1) & mask;
        }
        if (size >= slots.length / 2) {
            Arrays.fill(slots, null);
            Arrays.fill(keys, null);
            Arrays.fill(singles, null);
            size = 0;
            slot = spread(hash) & mask;
        }
        String name = new String(text, start, length);
        slots[slot] = name;
        keys[slot] = Arrays.copyOfRange(text, start, end);
        hashes[slot] = hash;
        size++;
        return name;
    }

    /**
     * The attributes {@code ((name value))}, the same object each time: terms whose only
     * attribute is a small integer are common, and their maps are immutable. {@code name}
     * must come from {@link #intern} (and the table not have started over since) and
     * {@code value} be shared ({@link IntValue#isShared}); otherwise a new map is made.
     */
    Attributes single(String name, IntValue value) {
        int mask = slots.length - 1;
        int slot = spread(name.hashCode()) & mask;
        while (slots[slot] != null && slots[slot] != name) {
            slot = (slot + 1) & mask;
        }
        if (slots[slot] == null || !IntValue.isShared(value.value())) {
            return Attributes.ofSorted(new String[] {name}, new Value[] {value});
        }
        Attributes[] row = singles[slot];
        if (row == null) {
            row = new Attributes[IntValue.SHARED_COUNT];
            singles[slot] = row;
        }
        int index = (int) value.value() - IntValue.SHARED_MIN;
        Attributes single = row[index];
        if (single == null) {
            single = Attributes.ofSorted(new String[] {name}, new Value[] {value});
            row[index] = single;
        }
        return single;
    }

    /** Names are short: a plain loop beats a vectorized compare here. */
    private static boolean sameChars(char[] key, char[] text, int start, int length) {
        if (key.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (key[i] != text[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
