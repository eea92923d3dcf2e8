package dev.graft.launcher;

import static dev.graft.launcher.GraftRun.graft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code graft synth}, {@code generate} and {@code serve-bench} through the launcher: exit
 * 0 on success, exit 2 with one line naming what is wrong.
 */
class ServeExitCodesTest {
    private static final String LLAMA = System.getProperty("graft.repo") + "/models/tiny-llama-gqa.dyn.onnx";
    private static final String SYNTH = "llama:layers=1,hidden=32,heads=4,kv-heads=2,ffn=32,vocab=64";

    @Test
    void generateChecksAgainstFullRecomputation() {
        GraftRun r = graft("generate", LLAMA, "--prompt-ids", "1,2,3", "--max-new-tokens", "3", "--check");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("check: every request's tokens equal full recomputation"), r.out());
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        GraftRun r = graft("generate", LLAMA, "--prompt-ids", "1,600");
        assertEquals(2, r.code());
        assertEquals("graft: 1 of 1 request(s) refused (see above)\n", r.err());
        assertTrue(r.out().contains("request 0: refused: request 0: prompt token 1 is 600, outside the vocabulary [0, 512)"),
                r.out());
        r = graft("serve-bench", SYNTH, "--lengths", "zipf");
        assertEquals(2, r.code());
        assertEquals("graft: --lengths 'zipf': expected sharegpt-like or uniform:A-B with 1 <= A <= B\n", r.err());
        r = graft("synth", "llama", "--layers", "1", "--hidden", "30", "--heads", "4", "--kv-heads", "2", "--ffn", "8",
                "--vocab", "9");
        assertEquals(2, r.code());
        assertEquals("graft: synth llama: hidden 30 is not a multiple of heads 4\n", r.err());
    }
}
