package dev.graft.engine.cuda;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.PagedAttention;
import java.util.List;
import java.util.Random;

/** The serving graph of the GPU checks of captured steps: a decoder of one PagedAttention layer. */
final class OneLayerDecoder {
    static final int HEADS = 2;
    static final int HEAD_DIM = 64;

    private OneLayerDecoder() {
    }

    /**
     * Embedding, split into heads, PagedAttention with the heads as q, k and v, merged back,
     * the sampled rows picked and projected to logits: a serving graph's shape with one layer.
     */
    static Graph graph(int vocab) {
        Graph g = new Graph("one-layer decoder");
        int width = HEADS * HEAD_DIM;
        Random random = new Random(5);
        Value ids = g.addInput("input_ids", TensorType.of(DType.INT64, Dim.of(1), Dim.symbol("seq")));
        Value rows = g.addInput("sampled_rows", TensorType.of(DType.INT64, Dim.symbol("sampled")));
        Value embedding = g.addInitializer("embedding", Tensor.ofFloats(new int[] {vocab, width},
                gaussians(random, vocab * width)));
        Value lmHead = g.addInitializer("lm_head", Tensor.ofFloats(new int[] {width, vocab},
                gaussians(random, width * vocab)));
        Attributes toHeads = Attributes.NONE.with("perm", new Attribute.Ints(new long[] {0, 2, 1, 3}));
        Value x = g.addNode("Gather", Attributes.NONE, embedding, ids).output(0);
        Value split = g.addNode("Reshape", Attributes.NONE, x, g.addInitializer("heads",
                Tensor.ofLongs(new int[] {4}, 1, -1, HEADS, HEAD_DIM))).output(0);
        Value q = g.addNode("Transpose", toHeads, split).output(0);
        Attributes heads = Attributes.NONE.with("scale", new Attribute.Float(0.125f))
                .with("q_heads", new Attribute.Int(HEADS)).with("kv_heads", new Attribute.Int(HEADS))
                .with("head_dim", new Attribute.Int(HEAD_DIM));
        Value attended = g.addNode(PagedAttention.NAME, heads, q, q, q).output(0);
        Value merged = g.addNode("Reshape", Attributes.NONE, g.addNode("Transpose", toHeads, attended).output(0),
                g.addInitializer("merged", Tensor.ofLongs(new int[] {3}, 1, -1, width))).output(0);
        Value picked = g.addNode("Gather", Attributes.NONE.with("axis", new Attribute.Int(1)), merged, rows).output(0);
        g.addOutput(g.addNode(null, "", "MatMul", Attributes.NONE, List.of(picked, lmHead), List.of("logits"))
                .output(0));
        TypeInference.run(g);
        return g;
    }

    private static float[] gaussians(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
