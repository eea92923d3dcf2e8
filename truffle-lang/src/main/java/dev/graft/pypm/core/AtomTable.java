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
    private int size;

    /** @param capacity a power of two */
    AtomTable(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity " + capacity + " is not a power of two");
        }
        slots = new String[capacity];
        keys = new char[capacity][];
        hashes = new int[capacity];
    }

    /** {@code new String(text, start, end - start)}, the same String each time for the same characters. */
    String intern(char[] text, int start, int end) {
        int length = end - start;
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text[i];
        }
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
