package dev.graft.serve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.engine.cli.UserError;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeBenchCommandTest {
    private final StringWriter out = new StringWriter();

    private int bench(String... args) throws InterruptedException {
        return ParsedCommand.parse(new ServeBenchCommand(), out, args).call();
    }

    @Test
    void reportsLatenciesAndThroughputForATrace() throws InterruptedException {
        assertEquals(0, bench("llama:layers=1,hidden=32,heads=4,kv-heads=2,ffn=32,vocab=64", "--requests", "6",
                "--rate", "500", "--lengths", "uniform:2-5", "--warmup", "0", "--pages", "8", "--page-size", "2"));
        String text = out.toString();
        assertTrue(text.contains("fused paged attention (1 layers, 8 pages of 2 tokens, f32)"), text);
        assertTrue(text.contains("requests: 6 finished, 0 refused"), text);
        assertTrue(text.matches("(?s).*time to first token: p50 [0-9.]+ ms, p99 [0-9.]+ ms.*"), text);
        assertTrue(text.matches("(?s).*inter-token latency: p50 [0-9.]+ ms, p99 [0-9.]+ ms.*"), text);
        assertTrue(text.matches("(?s).*throughput: [0-9]+ output tokens in [0-9.]+ s = [0-9.]+ tokens/s.*"), text);
    }

    @Test
    void warmsUpWithSeveralPassesOnTheCpu() throws InterruptedException {
        // The CPU runner captures nothing: the warm-up passes pause and resume no graphs and report nothing.
        assertEquals(0, bench("llama:layers=1,hidden=32,heads=4,kv-heads=2,ffn=32,vocab=64", "--requests", "3",
                "--lengths", "uniform:2-3", "--warmup", "2", "--pages", "8", "--page-size", "2"));
        String text = out.toString();
        assertTrue(text.contains("requests: 3 finished, 0 refused"), text);
        assertFalse(text.contains("steps on the device"), text);
    }

    @Test
    void writesTheFiguresAsJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("figures.json");
        assertEquals(0, bench("llama:layers=1,hidden=32,heads=4,kv-heads=2,ffn=32,vocab=64", "--requests", "2",
                "--lengths", "uniform:2-3", "--warmup", "0", "--pages", "8", "--page-size", "2", "--json", json.toString()));
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, figures.get("requests").asInt());
        assertTrue(figures.get("ttft_p50").asDouble() > 0, figures.toString());
        assertTrue(figures.get("tokens_per_s").asDouble() > 0, figures.toString());
        assertEquals("", figures.get("steps_on_device").asText(), "the CPU runner reports nothing");
    }

    @Test
    void servesTheContiguousBaseline() throws InterruptedException {
        assertEquals(0, bench("llama:layers=1,hidden=32,heads=4,kv-heads=2,ffn=32,vocab=64", "--requests", "6",
                "--rate", "500", "--lengths", "uniform:2-5", "--warmup", "0", "--pages", "8", "--page-size", "2",
                "--max-running", "2", "--baseline", "unfused-contiguous"));
        String text = out.toString();
        assertTrue(text.contains("unfused attention (MatMul, Softmax, MatMul) over a contiguous KV cache (1 layers,"
                + " f32, contiguous: 2 slots of 8 tokens)"), text);
        assertTrue(text.contains("requests: 6 finished, 0 refused"), text);
    }

    @Test
    void refusesAnUnknownBaseline() {
        UserError e = assertThrows(UserError.class, () -> bench("llama:layers=1,hidden=32,heads=4,kv-heads=2,ffn=32,vocab=64",
                "--baseline", "triton"));
        assertEquals("--baseline: 'triton' is not unfused-contiguous or full-recompute", e.getMessage());
    }

    @Test
    void refusesARateThatIsNotPositive() {
        UserError e = assertThrows(UserError.class, () -> bench("llama:layers=1,hidden=32,heads=4,kv-heads=2,ffn=32,vocab=64",
                "--rate", "0"));
        assertEquals("--requests must be at least 1 and --rate positive, got 32 and 0.0", e.getMessage());
    }
}
