package dev.graft.launcher;

import static dev.graft.launcher.GraftRun.graft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    void rewriteWritesOnnxThatRunsWithTheSameOutputsAsTheTextFormat(@TempDir Path dir) throws IOException {
        Path onnx = dir.resolve("llama.onnx");
        Path text = dir.resolve("llama.graft");
        String model = MODELS + "tiny-llama-gqa.dyn.onnx";
        String expected = MODELS + "tiny-llama-gqa.dyn.expected.json";
        for (Path out : new Path[] {onnx, text}) {
            GraftRun r = graft("rewrite", model, "--rules", "std", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
        }
        assertTrue(Files.readString(text).contains("FusedAttention("));
        GraftRun check = graft("run", onnx.toString(), "--check", expected);
        assertEquals(0, check.code(), check.out() + check.err());
        Path inputs = dir.resolve("inputs.json");
        ObjectMapper json = new ObjectMapper();
        json.writeValue(inputs.toFile(), json.readTree(Path.of(expected).toFile()).get("cases").get(0).get("inputs"));
        Path fromOnnx = dir.resolve("onnx.json");
        Path fromText = dir.resolve("text.json");
        GraftRun a = graft("run", onnx.toString(), "--inputs", inputs.toString(), "--output", fromOnnx.toString());
        GraftRun b = graft("run", text.toString(), "--inputs", inputs.toString(), "--output", fromText.toString());
        assertEquals(0, a.code() + b.code(), a.err() + b.err());
        assertEquals(Files.readString(fromText), Files.readString(fromOnnx));
    }

    @Test
    void rewriteRefusesAnOutputFileOfAnotherExtension(@TempDir Path dir) {
        Path out = dir.resolve("x.txt");
        GraftRun r = graft("rewrite", MODELS + "tiny-gpt2.onnx", "--rules", "std", "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--out " + out + ": unknown extension; name the file X.onnx (ONNX) or X.graft"),
                r.err());
        assertTrue(Files.notExists(out));
    }

    @Test
    void validateAcceptsAHalfPrecisionNormWithinTheFloat16Tolerance() {
        // the graph truffle-lang's StdRulesTest fuses
        Path model = Path.of(System.getProperty("graft.repo"), "truffle-lang/src/test/resources/rules/half-rms-norm.graft");
        GraftRun r = graft("validate", model.toString(), "--rules", "std");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("rms_norm: 1") && r.out().matches("(?s).*y: max_abs_diff=[0-9.E-]+ ok.*"), r.out());
        // the float16 rounding the fused node skips is visible at float32's tolerance
        GraftRun strict = graft("validate", model.toString(), "--rules", "std", "--tolerance", "1e-4");
        assertEquals(1, strict.code(), strict.out());
        assertTrue(strict.err().contains("1 output(s) of " + model + " moved after rewriting with std: y by"), strict.err());
    }

    @Test
    void rulesThatAreNeitherStdNorAFileNorADirectoryAreBadInput() {
        GraftRun r = graft("validate", MODELS + "tiny-gpt2.onnx", "--rules", "no-such-rules");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("rules 'no-such-rules': not 'std', a .pypm file or a directory"), r.err());
    }
}
