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
    private int size;

    /** @param capacity a power of two */
    AtomTable(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        slots = new String[capacity];
    }

    /** {@code new String(text, start, end - start)}, the same String each time for the same characters. */
    String intern(char[] text, int start, int end) {
        int length = end - start;
        // String.hashCode's own polynomial, so a stored name's cached hash can be compared first.
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text[i];
        }
        int mask = slots.length - 1;
        int slot = spread(hash) & mask;
        for (String stored = slots[slot]; stored != null; stored = slots[slot]) {
            if (stored.hashCode() == hash && sameChars(stored, text, start, length)) {
                return stored;
            }
            slot = (slot + 1) & mask;
        }
        if (size >= slots.length / 2) {
            Arrays.fill(slots, null);
            size = 0;
            slot = spread(hash) & mask;
        }
        String name = new String(text, start, length);
        slots[slot] = name;
        size++;
        return name;
    }

    /** Names are short: a plain loop beats String.regionMatches's vectorized compare here. */
    private static boolean sameChars(String stored, char[] text, int start, int length) {
        if (stored.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (stored.charAt(i) != text[start + i]) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
