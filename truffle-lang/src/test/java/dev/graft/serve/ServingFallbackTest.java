package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.cli.ServingRules;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A decoder without attention the rules recognise is said so and served unfused, by full recomputation. */
class ServingFallbackTest {
    private static final Backend CPU = Backends.named("cpu");

    @Test
    void aModelWithoutAttentionRunsUnfusedAndSaysSo() {
        Graph bigram = bigram(40, 8);
        ServingModel served = ServingModel.of(bigram, ServingRules.apply(bigram, "std").graph(), CPU,
                new CacheConfig(16, 4, 8, 4, "f32"));
        assertEquals("graph 'bigram' has no attention the rules recognise as causal (no PagedAttention node after"
                + " rewriting); running it unfused, recomputing the whole sequence at every step", served.note());
        assertEquals("unfused, full recomputation at every step", served.runner().describe());
        ServingEngine engine = served.engine(System::nanoTime);
        engine.submit(new GenerationRequest(0, new int[] {3, 9}, 5));
        engine.submit(new GenerationRequest(1, new int[] {39}, 4));
        engine.runUntilIdle();
        FullRecompute reference = new FullRecompute(bigram, CPU);
        assertArrayEquals(reference.generate(new int[] {3, 9}, 5), engine.traces().get(0).tokens());
        assertArrayEquals(reference.generate(new int[] {39}, 4), engine.traces().get(1).tokens());
    }

    /** logits = embed[ids] x out: each token predicts the next from itself alone. */
    private static Graph bigram(int vocab, int width) {
        Graph g = new Graph("bigram");
        Random random = new Random(3);
        Value ids = g.addInput("input_ids", TensorType.of(DType.INT64, Dim.symbol("batch"), Dim.symbol("seq")));
        Value embed = g.addInitializer("embed", Tensor.ofFloats(new int[] {vocab, width}, randoms(random, vocab * width)));
        Value out = g.addInitializer("out", Tensor.ofFloats(new int[] {width, vocab}, randoms(random, vocab * width)));
        Value x = g.addNode("Gather", Attributes.NONE.with("axis", new Attribute.Int(0)), embed, ids).output(0);
        g.addOutput(g.addNode("MatMul", Attributes.NONE, x, out).output(0));
        TypeInference.run(g);
        return g;
    }

    private static float[] randoms(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
