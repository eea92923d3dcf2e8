package dev.graft.attention;

/** Checks of CSR offset arrays (indptr): they start at 0, never decrease, and end at the data length. */
final class Indptr {
    private Indptr() {
    }

    static void check(String name, int[] indptr, int dataLength, String dataName) {
        if (indptr == null || indptr.length == 0) {
            throw new AttentionInputException(name + " is empty: it needs batch + 1 entries");
        }
        if (indptr[0] != 0) {
            throw new AttentionInputException(name + "[0] = " + indptr[0] + ", expected 0");
        }
        for (int i = 1; i < indptr.length; i++) {
            if (indptr[i] < indptr[i - 1]) {
                throw new AttentionInputException(name + " decreases at " + i + ": "
                        + indptr[i - 1] + " then " + indptr[i]);
            }
        }
        int last = indptr[indptr.length - 1];
        if (last != dataLength) {
            throw new AttentionInputException(name + " ends at " + last + " but " + dataName
                    + " has " + dataLength + " entries");
        }
    }

    static int[] lengths(int[] indptr) {
        int[] lens = new int[indptr.length - 1];
        for (int i = 0; i < lens.length; i++) {
            lens[i] = indptr[i + 1] - indptr[i];
        }
        return lens;
    }

    static int[] fromLengths(int[] lens) {
        int[] indptr = new int[lens.length + 1];
        for (int i = 0; i < lens.length; i++) {
            indptr[i + 1] = indptr[i] + lens[i];
        }
        return indptr;
    }
}
