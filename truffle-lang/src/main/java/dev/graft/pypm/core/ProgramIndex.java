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

    private final ProgramText[][] texts = new ProgramText[BINS][WAYS];
    private final Object[][] values = new Object[BINS][WAYS];
    /** The program {@link #startingAt} found last. */
    private ProgramText found;

    /**
     * The value of the known program whose text the request line {@code line[0, length)}
     * has at {@code at}, or null. Programs shorter than the key ({@link ProgramText#KEY_CHARS})
     * are not found this way, only by {@link #get}.
     */
    Object startingAt(char[] line, int at, int length) {
        if (at + ProgramText.KEY_CHARS > length) {
            return null;
        }
        int bin = bin(ProgramText.key(line, at, at + ProgramText.KEY_CHARS));
        ProgramText[] candidates = texts[bin];
        for (int way = 0; way < WAYS && candidates[way] != null; way++) {
            if (candidates[way].startsAt(line, at, length)) {
                found = candidates[way];
                return promote(bin, way);
            }
        }
        return null;
    }

    /** Where the program found last by {@link #startingAt} ends, measured from where it starts. */
    int foundLength() {
        return found.length();
    }

    /** The value of the program with this text, or null. */
    Object get(ProgramText text) {
        int bin = bin(text.key());
        ProgramText[] candidates = texts[bin];
        for (int way = 0; way < WAYS && candidates[way] != null; way++) {
            if (candidates[way].sameText(text)) {
                return promote(bin, way);
            }
        }
        return null;
    }

    /** Files a program not known yet; {@code text} must be a copy of its own ({@link ProgramText#of}). */
    void put(ProgramText text, Object value) {
        int bin = bin(text.key());
        moveToFront(bin, WAYS - 1, text, value);
    }

    private Object promote(int bin, int way) {
        Object value = values[bin][way];
        moveToFront(bin, way, texts[bin][way], value);
        return value;
    }

    /** Shifts the first {@code way} programs of the bin back one place (dropping the one at {@code way}) and puts this one first. */
    private void moveToFront(int bin, int way, ProgramText text, Object value) {
        System.arraycopy(texts[bin], 0, texts[bin], 1, way);
        System.arraycopy(values[bin], 0, values[bin], 1, way);
        texts[bin][0] = text;
        values[bin][0] = value;
    }

    private static int bin(int key) {
        return (key ^ (key >>> 16)) & (BINS - 1);
    }
}
