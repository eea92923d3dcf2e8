package dev.graft.pypm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code graft core}'s line reader splits and decodes input exactly as BufferedReader.readLine over a UTF-8 reader does. */
class RequestLinesTest {
    private static final List<String> INPUTS = List.of("", "a", "a\n", "a\nb", "a\r\nb\rc\n\nd", "\r\n\r\n", "\r", "x\r",
            "x\r\r\ny", "(match () (var x) (a ()) 0)\n".repeat(700), "0123456\r\n89abcdef\n0123456789abcde\rx",
            "(a ((s \"\u00e9t\u00e9 \u65e5\u672c \ud83d\ude00\")))\n\u00e9\r\n", "y".repeat(70_000) + "\nz");

    private static List<String> expected(byte[] input) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> read(InputStream bytes) throws IOException {
        List<String> lines = new ArrayList<>();
        RequestLines in = new RequestLines(bytes);
        while (in.next()) {
            lines.add(new String(in.chars(), 0, in.length()));
        }
        return lines;
    }

    /** Hands out one byte per read, so that every line end (and every character) falls on a read boundary somewhere. */
    private static InputStream trickling(byte[] input) {
        return new InputStream() {
            private int at;

            @Override
            public int read() {
                return at == input.length ? -1 : input[at++] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (at == input.length) {
                    return -1;
                }
                buffer[offset] = input[at++];
                return 1;
            }
        };
    }

    private static void assertSameLines(byte[] input) throws IOException {
        String shown = new String(input, 0, Math.min(input.length, 60), StandardCharsets.UTF_8);
        assertEquals(expected(input), read(new ByteArrayInputStream(input)), shown);
        assertEquals(expected(input), read(trickling(input)), shown);
    }

    @Test
    void linesEndAtLineFeedCarriageReturnOrBothAsForReadLine() throws IOException {
        for (String input : INPUTS) {
            assertSameLines(input.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharactersAsAReaderDecodesThem() throws IOException {
        byte[][] inputs = {
            {'a', (byte) 0xff, 'b', '\n', 'c'},
            {(byte) 0xc3, '\n', (byte) 0xa9, '\n'},
            {'x', (byte) 0xe6, (byte) 0x97, '\r', '\n', (byte) 0xf0, (byte) 0x9f, (byte) 0x98},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80, ' ', (byte) 0xc0, (byte) 0xaf},
        };
        for (byte[] input : inputs) {
            assertSameLines(input);
        }
    }

    /** Lines longer than a vector, with one non-ASCII character at every place: before, across and after vector edges. */
    @Test
    void aNonAsciiCharacterAnywhereInALongLineIsDecodedAsAReaderDecodesIt() throws IOException {
        for (int length : new int[] {15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200}) {
            for (int at = 0; at < length; at++) {
                String line = "(".repeat(at) + "\u00e9" + ")".repeat(length - at - 1);
                assertSameLines((line + "\n" + line).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Lengths past two vectors of the widest kind (64 bytes), so that the vector, word and byte steps all find ends. */
    @Test
    void theVectorAndWordAtATimeSearchFindsTheFirstLineEndFromEveryStart() {
        for (int length = 1; length < 150; length++) {
            byte[] none = new byte[length];
            for (int i = 0; i < length; i++) {
                // Bytes one off a line end, to catch a borrow that flags the wrong byte.
                none[i] = (byte) (i % 2 == 0 ? 0x0b : 0x0e);
            }
            assertEquals(length, RequestLines.lineEnd(none, 0, length));
            for (int at = 0; at < length; at++) {
                for (byte end : new byte[] {'\n', '\r'}) {
                    byte[] bytes = none.clone();
                    bytes[at] = end;
                    if (at + 1 < length) {
                        bytes[at + 1] = '\n';
                    }
                    for (int from = 0; from <= at; from++) {
                        assertEquals(at, RequestLines.lineEnd(bytes, from, length), "length " + length + ", from " + from);
                    }
                }
            }
        }
    }
}
