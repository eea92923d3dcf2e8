package dev.graft.pypm.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The text the wire writer writes into: a growable array of chars. An answer is made of
 * many short pieces (brackets, names, terms' texts copied from the request, copies of
 * bindings written before); a StringBuilder holding Latin-1 text as bytes compresses
 * every piece of chars it is given, this copies it as it is. Encoded once per answer,
 * ASCII a vector at a time.
 */
public final class WireBuffer {
    /**
     * Pieces up to this long are copied a char at a time: most are a bracket, a name or a
     * small term, for which the bulk copies' set-up costs more than the copying.
     */
    private static final int SHORT = 16;
    private static final VectorSpecies<Short> CHARS = ShortVector.SPECIES_PREFERRED;
    /** Bytes as many as {@link #CHARS} has lanes: a vector of chars narrows into one of these. */
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(CHARS.vectorBitSize() / 2));

    private char[] chars = new char[256];
    private int length;
    /** The encoded text, reused from answer to answer. */
    private byte[] bytes = new byte[0];

    public int length() {
        return length;
    }

    /** Forgets the text, keeping the room it took. */
    public void clear() {
        length = 0;
    }

    public WireBuffer append(char c) {
        if (length == chars.length) {
            grow(1);
        }
        chars[length++] = c;
        return this;
    }

    public WireBuffer append(String text) {
        int n = text.length();
        if (length + n > chars.length) {
            grow(n);
        }
        if (n <= SHORT) {
            for (int i = 0; i < n; i++) {
                chars[length + i] = text.charAt(i);
            }
        } else {
            text.getChars(0, n, chars, length);
        }
        length += n;
        return this;
    }

    public WireBuffer append(long value) {
        return append(Long.toString(value));
    }

    /** Appends {@code text[from, from + count)}. */
    public WireBuffer append(char[] text, int from, int count) {
        if (length + count > chars.length) {
            grow(count);
        }
        if (count <= SHORT) {
            for (int i = 0; i < count; i++) {
                chars[length + i] = text[from + i];
            }
        } else {
            System.arraycopy(text, from, chars, length, count);
        }
        length += count;
        return this;
    }

    /** Appends a copy of this buffer's own text {@code [from, to)}, written before. */
    public void appendCopy(int from, int to) {
        append(chars, from, to - from);
    }

    private void grow(int more) {
        chars = Arrays.copyOf(chars, Math.max(length + more, 2 * chars.length));
    }

    /** Writes the text to {@code out} as UTF-8. */
    public void writeTo(OutputStream out) throws IOException {
        // Room for a whole vector past the end in both arrays: a masked load or store that
        // fits in its array takes the fast path.
        if (chars.length < length + CHARS.length()) {
            grow(CHARS.length());
        }
        if (bytes.length < length + CHARS.length()) {
            bytes = new byte[Math.max(length + CHARS.length(), 2 * bytes.length)];
        }
        for (int i = 0; i < length; i += CHARS.length()) {
            VectorMask<Short> inText = CHARS.indexInRange(i, length);
            ShortVector v = ShortVector.fromCharArray(CHARS, chars, i, inText);
            if (v.compare(VectorOperators.UGT, (short) 0x7f).anyTrue()) {
                out.write(toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
            ((ByteVector) v.convertShape(VectorOperators.S2B, BYTES, 0)).intoArray(bytes, i, BYTES.indexInRange(i, length));
        }
        out.write(bytes, 0, length);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
