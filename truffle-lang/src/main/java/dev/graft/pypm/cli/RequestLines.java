package dev.graft.pypm.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * The lines of a reader, each in turn in one reused array: {@code graft core}'s input
 * without a String per request. Lines end as {@link java.io.BufferedReader#readLine}
 * ends them: at {@code \n}, {@code \r} or {@code \r\n}, or at the end of the input
 * after at least one character.
 */
final class RequestLines {
    private final Reader in;
    private final char[] buffer = new char[1 << 14];
    private int start;
    private int end;
    /** After a {@code \r}: a {@code \n} right after it ends the same line. */
    private boolean skipLineFeed;
    private char[] line = new char[1 << 12];
    private int length;

    RequestLines(Reader in) {
        this.in = in;
    }

    /** Reads the next line into {@link #chars}; false at the end of the input. */
    boolean next() throws IOException {
        length = 0;
        while (true) {
            if (start == end) {
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    return length > 0;
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
            int i = start;
            while (i < end && buffer[i] != '\n' && buffer[i] != '\r') {
                i++;
            }
            append(start, i);
            if (i < end) {
                skipLineFeed = buffer[i] == '\r';
                start = i + 1;
                return true;
            }
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

    private void append(int from, int to) {
        int n = to - from;
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(length + n, 2 * line.length));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }
}
