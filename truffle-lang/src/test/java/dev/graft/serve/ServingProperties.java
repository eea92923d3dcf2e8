package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.serve.cli.ServingRules;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Paged generation equals full recomputation for random Llama shapes (grouped or not,
 * odd head counts), random prompts and random cache and step sizes: the whole serving
 * path (std rules, serving rule, positions, scheduler, cache) against the plain loop.
 */
class ServingProperties {
    private static final Backend CPU = Backends.named("cpu");

    @Property(tries = 10)
    void pagedGenerationEqualsFullRecomputation(@ForAll @IntRange(min = 1, max = 2) int layers,
                                                @ForAll @IntRange(min = 1, max = 3) int kvHeads,
                                                @ForAll @IntRange(min = 1, max = 3) int group,
                                                @ForAll @IntRange(min = 1, max = 4) int halfHeadDim,
                                                @ForAll @IntRange(min = 1, max = 5) int pageSize,
                                                @ForAll @IntRange(min = 1, max = 12) int tokenBudget,
                                                @ForAll @IntRange(min = 0, max = 1000) int seed) {
        int heads = kvHeads * group;
        LlamaSpec spec = new LlamaSpec(layers, heads * 2 * halfHeadDim, heads, kvHeads, 24, 60, seed);
        Graph original = LlamaGraph.build(spec);
        ServingModel served = ServingModel.of(original, ServingRules.apply(original, "std").graph(), CPU,
                new CacheConfig(64, pageSize, tokenBudget, 3, "f32"));
        assertNull(served.note(), spec.toString());
        ServingEngine engine = served.engine(System::nanoTime);
        Random random = new Random(seed);
        List<GenerationRequest> requests = new ArrayList<>();
        for (int id = 0; id < 4; id++) {
            int[] prompt = random.ints(1 + random.nextInt(9), 0, spec.vocab()).toArray();
            requests.add(new GenerationRequest(id, prompt, 1 + random.nextInt(5)));
            engine.submit(requests.getLast());
        }
        engine.runUntilIdle();
        FullRecompute reference = new FullRecompute(original, CPU);
        for (GenerationRequest r : requests) {
            assertTrue(engine.traces().get(r.id()).finished(), spec + " request " + r.id());
            assertArrayEquals(reference.generate(r.prompt(), r.maxNewTokens()), engine.traces().get(r.id()).tokens(),
                    spec + " request " + r.id());
        }
    }
}
