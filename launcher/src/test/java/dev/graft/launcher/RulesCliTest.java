package dev.graft.launcher;

import static dev.graft.launcher.GraftRun.graft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code graft rewrite}, {@code graft run --rules} and {@code graft validate} as a user runs them. */
class RulesCliTest {
    private static final String MODELS = System.getProperty("graft.repo") + "/models/";

    @Test
    void rewriteWritesATextGraphThatRunsAndPassesTheCheck(@TempDir Path dir) {
        Path rewritten = dir.resolve("llama.graft");
        GraftRun r = graft("rewrite", MODELS + "tiny-llama-gqa.onnx", "--rules", "std", "--report", "--out", rewritten.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("attention: 2 at node_matmul_4, node_matmul_2"), r.out());
        assertTrue(r.out().contains("rms_norm: 5"), r.out());
        GraftRun run = graft("run", rewritten.toString(), "--check", MODELS + "tiny-llama-gqa.expected.json");
        assertEquals(0, run.code(), run.out() + run.err());
    }

    @Test
    void runWithRulesRewritesThenChecksEveryModel() {
        for (String m : new String[] {"tiny-llama-gqa", "tiny-llama-gqa.dyn", "tiny-gpt2", "tiny-gpt2.dyn"}) {
            GraftRun r = graft("run", MODELS + m + ".onnx", "--rules", "std", "--check", MODELS + m + ".expected.json");
            assertEquals(0, r.code(), m + ": " + r.out() + r.err());
            assertTrue(r.out().contains("attention: 2") && r.out().contains("check passed"), r.out());
        }
    }

    @Test
    void validatePrintsTheLargestDifferencePerOutput() {
        GraftRun r = graft("validate", MODELS + "tiny-gpt2.dyn.onnx", "--rules", "std", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*logits: max_abs_diff=[0-9.E-]+ ok.*"), r.out());
    }

    @Test
    void aSyntaxErrorInRulesIsBadInputWithFileLineColumnAndCaret(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("bad.pypm");
        Files.writeString(rules, "rule r:\n    match Relu(x\n    => x\n");
        GraftRun r = graft("rewrite", MODELS + "tiny-gpt2.onnx", "--rules", rules.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("bad.pypm:3:5: expected ')' to close the arguments of Relu, found '=>'\n    => x\n    ^"),
                r.err());
    }

    @Test
    void rewriteDoesNotWriteTextIntoAnOnnxFile(@TempDir Path dir) {
        GraftRun r = graft("rewrite", MODELS + "tiny-gpt2.onnx", "--rules", "std", "--out", dir.resolve("x.onnx").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rewrite writes Graft's text format, not ONNX"), r.err());
    }

    @Test
    void rulesThatAreNeitherStdNorAFileNorADirectoryAreBadInput() {
        GraftRun r = graft("validate", MODELS + "tiny-gpt2.onnx", "--rules", "no-such-rules");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rules 'no-such-rules': not 'std', a .pypm file or a directory"), r.err());
    }
}
