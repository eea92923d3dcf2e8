package dev.graft.pypm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code graft core}'s line reader splits input exactly as BufferedReader.readLine does. */
class RequestLinesTest {
    private static final List<String> INPUTS = List.of("", "a", "a\n", "a\nb", "a\r\nb\rc\n\nd", "\r\n\r\n", "\r", "x\r",
            "x\r\r\ny", "(match () (var x) (a ()) 0)\n".repeat(700));

    private static List<String> expected(String input) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new StringReader(input));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> read(Reader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        RequestLines in = new RequestLines(reader);
        while (in.next()) {
            lines.add(new String(in.chars(), 0, in.length()));
        }
        return lines;
    }

    /** Hands out one character per read, so that every line end falls on a read boundary somewhere. */
    private static Reader trickling(String input) {
        return new Reader() {
            private int at;

            @Override
            public int read(char[] buffer, int offset, int length) {
                if (at == input.length()) {
                    return -1;
                }
                buffer[offset] = input.charAt(at++);
                return 1;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void linesEndAtLineFeedCarriageReturnOrBothAsForReadLine() throws IOException {
        for (String input : INPUTS) {
            assertEquals(expected(input), read(new StringReader(input)), input);
            assertEquals(expected(input), read(trickling(input)), input);
        }
    }
}
