package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.serve.cli.ServingRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The acceptance test on the CPU: greedy tokens generated through the rewritten
 * graph and the paged KV cache, with requests batched continuously (prefill chunks split
 * across steps by a small token budget, small pages, decode mixed with prefill), equal
 * those of the original graph run with full recomputation at every step. The last case
 * keeps its cache in fp16 in the attention library's paged cache, attended by the
 * library's plan/run scheduler (split KV, merged partial states) as on the GPU.
 */
class GenerationEquivalenceTest {
    private static final Backend CPU = Backends.named("cpu");

    @ParameterizedTest
    @CsvSource({"models/tiny-llama-gqa.dyn.onnx, f32", "models/tiny-gpt2.dyn.onnx, f32",
        "'llama:layers=2,hidden=48,heads=6,kv-heads=2,ffn=96,vocab=400,seed=5', f32",
        "'llama:layers=2,hidden=128,heads=2,kv-heads=1,ffn=256,vocab=512,seed=2', fp16"})
    void pagedGenerationEqualsFullRecomputation(String model, String kvDtype) {
        Graph original = load(model);
        Graph rewritten = ServingRules.apply(original, "std").graph();
        assertEquals(0, count(rewritten, "FusedAttention"), "every attention is on the cache");
        assertGreedyTokensOfFullRecomputation(model, original,
                ServingModel.of(original, rewritten, CPU, new CacheConfig(24, 4, 7, 3, kvDtype)));
    }

    /**
     * The unfused baseline with a cache: the original graph's ops except attention, which
     * runs as MatMul, Softmax, MatMul over a contiguous buffer per request (3 slots of
     * 24 * 4 / 3 = 32 tokens here), gives the tokens of full recomputation too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"models/tiny-llama-gqa.dyn.onnx", "models/tiny-gpt2.dyn.onnx",
        "llama:layers=2,hidden=48,heads=6,kv-heads=2,ffn=96,vocab=400,seed=5"})
    void contiguousBaselineEqualsFullRecomputation(String model) {
        Graph original = load(model);
        Graph rewritten = ServingRules.attentionOnly(original).graph();
        assertEquals(0, count(rewritten, "FusedAttention"), "every attention is on the cache");
        assertTrue(count(rewritten, "PagedAttention") > 0);
        assertEquals(count(original, "Softmax") - count(rewritten, "PagedAttention"), count(rewritten, "Softmax"));
        assertTrue(rewritten.nodes().stream().noneMatch(n -> n.op().startsWith("Fused")),
                "nothing but attention is fused");
        ServingModel served = ServingModel.contiguous(original, rewritten, CPU, new CacheConfig(24, 4, 7, 3, "f32"));
        assertTrue(served.runner().describe().startsWith("unfused attention (MatMul, Softmax, MatMul)"),
                served.runner().describe());
        assertGreedyTokensOfFullRecomputation(model, original, served);
    }

    private static Graph load(String model) {
        return ModelArgument.load(model.startsWith("llama:") ? model : System.getProperty("graft.repo") + "/" + model);
    }

    private static long count(Graph g, String op) {
        return g.nodes().stream().filter(n -> n.op().equals(op)).count();
    }

    private static void assertGreedyTokensOfFullRecomputation(String model, Graph original, ServingModel served) {
        assertNull(served.note(), "the rewritten model is served through the cache");
        AtomicLong clock = new AtomicLong();
        ServingEngine engine = served.engine(clock::incrementAndGet);
        List<GenerationRequest> requests = new ArrayList<>();
        int[][] prompts = {{37, 235, 396, 72, 255}, {1}, {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 19}, {100, 3, 250}, {42, 17}};
        for (int i = 0; i < prompts.length; i++) {
            requests.add(new GenerationRequest(i, prompts[i], 6 + i));
            engine.submit(requests.getLast());
        }
        engine.runUntilIdle();
        FullRecompute reference = new FullRecompute(original, CPU);
        for (GenerationRequest r : requests) {
            RequestTrace t = engine.traces().get(r.id());
            assertTrue(t.finished(), "request " + r.id() + " finished: " + t.error());
            assertArrayEquals(reference.generate(r.prompt(), r.maxNewTokens()), t.tokens(),
                    model + " request " + r.id());
        }
        assertTrue(engine.steps() > requests.stream().mapToInt(GenerationRequest::maxNewTokens).max().orElseThrow(),
                "prompts were prefilled in chunks over several steps");
    }
}
