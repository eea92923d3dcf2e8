package dev.graft.pypm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lines of a UTF-8 byte stream, each in turn decoded into one reused array:
 * {@code graft core}'s input without a Reader's decoding of every character and without
 * a String per request kept. Lines end as {@link java.io.BufferedReader#readLine} ends
 * them: at {@code \n}, {@code \r} or {@code \r\n}, or at the end of the input after at
 * least one byte. Bytes that are not UTF-8 become U+FFFD, as a Reader decodes them.
 * Line ends are found among the bytes, where UTF-8 never hides them inside a character.
 *
 * <p>Both passes over a line's bytes (its end, its decoding) go a vector at a time: on
 * a 1 KB request line they cost about as much as the rest of reading it did.
 */
final class RequestLines {
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    /** Shorts in a vector of the same size: a vector of bytes widens into two of these. */
    private static final VectorSpecies<Short> CHARS = ShortVector.SPECIES_PREFERRED;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long LINE_FEEDS = 0x0A0A0A0A0A0A0A0AL;
    private static final long CARRIAGE_RETURNS = 0x0D0D0D0D0D0D0D0DL;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    /** After a {@code \r}: a {@code \n} right after it ends the same line. */
    private boolean skipLineFeed;
    /** The part of a line read so far when it goes on past the buffer. */
    private byte[] partial = new byte[1 << 12];
    private int partialLength;
    private char[] line = new char[1 << 12];
    private int length;

    RequestLines(InputStream in) {
        this.in = in;
    }

    /** Reads the next line into {@link #chars}; false at the end of the input. */
    boolean next() throws IOException {
        partialLength = 0;
        while (true) {
            if (start == end) {
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    if (partialLength == 0) {
                        return false;
                    }
                    decode(partial, 0, partialLength);
                    partialLength = 0;
                    return true;
                }
                start = 0;
                end = read;
                continue;
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[start] == '\n') {
                    start++;
                    continue;
                }
            }
            int i = lineEnd(buffer, start, end);
            if (i < end) {
                if (partialLength == 0) {
                    decode(buffer, start, i);
                } else {
                    keep(start, i);
                    decode(partial, 0, partialLength);
                }
                skipLineFeed = buffer[i] == '\r';
                start = i + 1;
                return true;
            }
            keep(start, end);
            start = end;
        }
    }

    /** The current line is {@code chars()[0, length())}; the array is overwritten by the next {@link #next}. */
    char[] chars() {
        return line;
    }

    int length() {
        return length;
    }

    /**
     * The first {@code \n} or {@code \r} in {@code bytes[from, to)}, or {@code to}: a vector
     * at a time, then eight bytes at a time, each compared by the usual zero-byte test on
     * the word xor the wanted byte. That test can flag a byte above a true match, never one
     * below it, so the lowest flag is the first match.
     */
    static int lineEnd(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + BYTES.length() <= to; i += BYTES.length()) {
            ByteVector v = ByteVector.fromArray(BYTES, bytes, i);
            long ends = v.eq((byte) '\n').or(v.eq((byte) '\r')).toLong();
            if (ends != 0) {
                return i + Long.numberOfTrailingZeros(ends);
            }
        }
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long lineFeeds = word ^ LINE_FEEDS;
            long returns = word ^ CARRIAGE_RETURNS;
            long found = ((lineFeeds - ONES) & ~lineFeeds | (returns - ONES) & ~returns) & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        while (i < to && bytes[i] != '\n' && bytes[i] != '\r') {
            i++;
        }
        return i;
    }

    /**
     * Decodes {@code bytes[from, to)} into the line; UTF-8 gives at most one char per byte.
     * ASCII (most requests) is widened a vector at a time, the last one loaded masked.
     */
    private void decode(byte[] bytes, int from, int to) {
        int n = to - from;
        // Room for a whole vector past the end, so the last vector is stored whole.
        if (n + BYTES.length() > line.length) {
            line = new char[Math.max(n + BYTES.length(), 2 * line.length)];
        }
        int i = 0;
        for (; i + BYTES.length() <= n; i += BYTES.length()) {
            if (!widened(ByteVector.fromArray(BYTES, bytes, from + i), i)) {
                decodeUtf8(bytes, from, to);
                return;
            }
        }
        if (i < n && !widened(ByteVector.fromArray(BYTES, bytes, from + i, BYTES.indexInRange(i, n)), i)) {
            decodeUtf8(bytes, from, to);
            return;
        }
        length = n;
    }

    /** Widens ASCII bytes into the line at {@code i}; false, writing nothing, for any other byte. */
    private boolean widened(ByteVector v, int i) {
        if (v.lt((byte) 0).anyTrue()) {
            return false;
        }
        ((ShortVector) v.convertShape(VectorOperators.B2S, CHARS, 0)).intoCharArray(line, i);
        ((ShortVector) v.convertShape(VectorOperators.B2S, CHARS, 1)).intoCharArray(line, i + CHARS.length());
        return true;
    }

    private void decodeUtf8(byte[] bytes, int from, int to) {
        String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        length = text.length();
        if (length > line.length) {
            line = new char[Math.max(length, 2 * line.length)];
        }
        text.getChars(0, length, line, 0);
    }

    private void keep(int from, int to) {
        int n = to - from;
        if (partialLength + n > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + n, 2 * partial.length));
        }
        System.arraycopy(buffer, from, partial, partialLength, n);
        partialLength += n;
    }
}
