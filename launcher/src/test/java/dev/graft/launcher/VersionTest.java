package dev.graft.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code graft --version} says which Truffle runtime the JVM got. */
class VersionTest {
    @Test
    void versionNamesTheTruffleRuntime() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = GraftMain.run("--version");
        } finally {
            System.setOut(saved);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status);
        assertTrue(out.startsWith("graft 0.1.0"), out);
        // Tests run without JVMCI flags, so this JVM has the fallback runtime and must say so.
        assertTrue(out.contains("Truffle runtime: fallback"), out);
    }
}
