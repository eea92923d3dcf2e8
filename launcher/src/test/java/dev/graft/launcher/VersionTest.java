package dev.graft.launcher;

import static dev.graft.launcher.GraftRun.graft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code graft --version} says which Truffle runtime the JVM got. */
class VersionTest {
    @Test
    void versionNamesTheTruffleRuntime() {
        GraftRun r = graft("--version");
        String out = r.out();
        assertEquals(0, r.code());
        assertTrue(out.startsWith("graft 0.1.0"), out);
        // Tests run without JVMCI flags, so this JVM has the fallback runtime and must say so.
        assertTrue(out.contains("Truffle runtime: fallback"), out);
    }
}
