package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The buffer answers are written into: what it holds, and its UTF-8 bytes. */
class WireBufferTest {
    private static byte[] written(WireBuffer buffer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffer.writeTo(out);
        return out.toByteArray();
    }

    /** ASCII of every length across vector edges, and one non-ASCII character at every place (the slow path). */
    @Test
    void writesTheTextAsUtf8WhereverANonAsciiCharacterFalls() throws IOException {
        WireBuffer buffer = new WireBuffer();
        for (int length = 0; length < 140; length++) {
            String ascii = "(a ((n 5)))".repeat(13).substring(0, length);
            buffer.clear();
            buffer.append(ascii);
            assertArrayEquals(ascii.getBytes(StandardCharsets.UTF_8), written(buffer), ascii);
            for (int at = 0; at < length; at++) {
                for (char wide : new char[] {'\u00e9', '\u65e5', '\u0080'}) {
                    String text = ascii.substring(0, at) + wide + ascii.substring(at + 1);
                    buffer.clear();
                    buffer.append(text);
                    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), written(buffer), text);
                }
            }
        }
    }

    @Test
    void copiesOfItsOwnTextAndGrowthKeepEveryPiece() {
        WireBuffer buffer = new WireBuffer();
        StringBuilder expected = new StringBuilder();
        buffer.append("(x ").append(-12L).append(' ').append("ab".toCharArray(), 1, 1).append(')');
        expected.append("(x -12 b)");
        for (int i = 0; i < 12; i++) {
            buffer.appendCopy(0, buffer.length());
            expected.append(expected);
        }
        assertEquals(expected.toString(), buffer.toString());
        buffer.clear();
        assertEquals("", buffer.toString());
    }
}
