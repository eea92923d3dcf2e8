package dev.graft.pypm.core;

/**
 * The programs core mode has compiled (or found ill-formed), found again by their text.
 * A request line that starts with {@code (match } and then the text of a known program,
 * followed by a delimiter, has that program: {@link #startingAt} finds it without
 * reading the line, by the hash of its first characters and one comparison per
 * program filed under that hash.
 *
 * <p>Programs are filed in bins by that hash, a few to a bin (variants of one program
 * share their first characters), most recently used first; a full bin drops its least
 * recently used program.
 */
final class ProgramIndex {
    private static final int BINS = 64;
    private static final int WAYS = 8;

    /** A program's text and what core mode made of it: a compiled query or the well-formedness error. */
    record Known(ProgramText text, Object value) {
    }

    private final Known[][] bins = new Known[BINS][WAYS];

    /**
     * The known program whose text the request line {@code line[0, length)} has at
     * {@code at}, or null. Programs shorter than the key ({@link ProgramText#KEY_CHARS})
     * are not found this way, only by {@link #get}.
     */
    Known startingAt(char[] line, int at, int length) {
        if (at + ProgramText.KEY_CHARS > length) {
            return null;
        }
        Known[] bin = bins[bin(ProgramText.key(line, at, at + ProgramText.KEY_CHARS))];
        for (int way = 0; way < WAYS && bin[way] != null; way++) {
            if (bin[way].text().startsAt(line, at, length)) {
                return promote(bin, way);
            }
        }
        return null;
    }

    /** The value of the program with this text, or null. */
    Object get(ProgramText text) {
        Known[] bin = bins[bin(text.key())];
        for (int way = 0; way < WAYS && bin[way] != null; way++) {
            if (bin[way].text().sameText(text)) {
                return promote(bin, way).value();
            }
        }
        return null;
    }

    /** Files a program not known yet; {@code text} must be a copy of its own ({@link ProgramText#of}). */
    void put(ProgramText text, Object value) {
        moveToFront(bins[bin(text.key())], WAYS - 1, new Known(text, value));
    }

    private static Known promote(Known[] bin, int way) {
        Known known = bin[way];
        moveToFront(bin, way, known);
        return known;
    }

    /** Shifts the first {@code way} programs of the bin back one place (dropping the one at {@code way}) and puts this one first. */
    private static void moveToFront(Known[] bin, int way, Known known) {
        System.arraycopy(bin, 0, bin, 1, way);
        bin[0] = known;
    }

    private static int bin(int key) {
        return (key ^ (key >>> 16)) & (BINS - 1);
    }
}
