package dev.graft.pipeline.models;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.stages.StageBoundary;

/**
 * A GPT-style decoder built through the graph API: token and position
 * embeddings, {@code layers} pre-norm blocks (causal multi-head attention, GELU
 * MLP, residual adds), a final LayerNormalization and an untied head, trained
 * with next-token cross-entropy (as standard ops, {@link CrossEntropyLoss}).
 * Inputs: tokens and labels, both (batch, seq) int64. With {@code stages} > 1 a
 * stage boundary goes before each block that starts a stage ({@link LayerStages}).
 */
public final class SyntheticDecoder {
    private static final int[] HEADS_FIRST = {0, 2, 1, 3};

    private SyntheticDecoder() {
    }

    public static TrainableModel build(DecoderConfig c, int stages, long seed) {
        LayerStages.requireEnoughLayers("decoder", c.layers(), stages);
        ModelBuilder b = new ModelBuilder("synth-decoder", seed);
        Value tokens = b.graph.addInput("tokens", TensorType.of(DType.INT64, Dim.symbol("batch"), Dim.of(c.seq())));
        Value labels = b.graph.addInput("labels", TensorType.of(DType.INT64, Dim.symbol("batch"), Dim.of(c.seq())));
        float std = 0.02f;
        Value h = b.node("Add", b.node("Gather", b.parameter("embed.tokens", std, c.vocab(), c.width()), tokens),
                b.parameter("embed.positions", std, c.seq(), c.width()));
        Value mask = c.fusedAttention() ? null : b.constant("causal_mask", causalMask(c.seq()));
        Value scale = b.constant("attention_scale", Tensor.scalar((float) (1 / Math.sqrt(c.headDim()))));
        Value splitHeads = b.constant("split_heads", Tensor.ofLongs(new int[]{4}, 0, 0, c.heads(), c.headDim()));
        Value mergeHeads = b.constant("merge_heads", Tensor.ofLongs(new int[]{3}, 0, 0, c.width()));
        for (int l = 0; l < c.layers(); l++) {
            if (stages > 1 && l > 0 && LayerStages.startsStage(l, c.layers(), stages)) {
                h = StageBoundary.mark(b.graph, h);
            }
            String p = "layer" + l + ".";
            Value a = layerNorm(b, h, p + "attn_norm", c.width());
            Value q = heads(b, b.node("MatMul", a, weight(b, p + "q", c.width(), c.width())), splitHeads);
            Value k = heads(b, b.node("MatMul", a, weight(b, p + "k", c.width(), c.width())), splitHeads);
            Value v = heads(b, b.node("MatMul", a, weight(b, p + "v", c.width(), c.width())), splitHeads);
            Value o = c.fusedAttention() ? fused(b, q, k, v, c) : decomposed(b, q, k, v, scale, mask);
            Value merged = b.node("Reshape", transpose(b, o, HEADS_FIRST), mergeHeads);
            h = b.node("Add", h, b.node("MatMul", merged, weight(b, p + "o", c.width(), c.width())));
            Value f = layerNorm(b, h, p + "mlp_norm", c.width());
            Value up = b.node("Add", b.node("MatMul", f, weight(b, p + "up", c.width(), 4 * c.width())),
                    b.filled(p + "up.bias", 0f, 4 * c.width()));
            Value down = b.node("Add", b.node("MatMul", b.node("Gelu", up), weight(b, p + "down", 4 * c.width(),
                    c.width())), b.filled(p + "down.bias", 0f, c.width()));
            h = b.node("Add", h, down);
        }
        Value logits = b.node("MatMul", layerNorm(b, h, "final_norm", c.width()),
                weight(b, "head", c.width(), c.vocab()));
        Value loss = CrossEntropyLoss.of(b, logits, labels, c.vocab());
        b.graph.addOutput(loss);
        return new TrainableModel(b.graph, b.parameters(), loss.name());
    }

    private static Value weight(ModelBuilder b, String name, int in, int out) {
        return b.parameter(name + ".weight", (float) (1 / Math.sqrt(in)), in, out);
    }

    private static Value layerNorm(ModelBuilder b, Value x, String name, int width) {
        return b.node("LayerNormalization", x, b.filled(name + ".scale", 1f, width), b.filled(name + ".bias", 0f, width));
    }

    /** (batch, seq, width) → (batch, heads, seq, head_dim). */
    private static Value heads(ModelBuilder b, Value x, Value splitHeads) {
        return transpose(b, b.node("Reshape", x, splitHeads), HEADS_FIRST);
    }

    private static Value transpose(ModelBuilder b, Value x, int... perm) {
        long[] p = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = perm[i];
        }
        return b.node("Transpose", Attributes.NONE.with("perm", new Attribute.Ints(p)), x);
    }

    /** softmax(scale·Q·Kᵀ + mask)·V, as separate ops. */
    private static Value decomposed(ModelBuilder b, Value q, Value k, Value v, Value scale, Value mask) {
        Value scores = b.node("Mul", b.node("MatMul", q, transpose(b, k, 0, 1, 3, 2)), scale);
        Value probs = b.node("Softmax", b.node("Add", scores, mask));
        return b.node("MatMul", probs, v);
    }

    private static Value fused(ModelBuilder b, Value q, Value k, Value v, DecoderConfig c) {
        Attributes a = Attributes.NONE
                .with("scale", new Attribute.Float((float) (1 / Math.sqrt(c.headDim()))))
                .with("causal", new Attribute.Int(1))
                .with("q_heads", new Attribute.Int(c.heads()))
                .with("kv_heads", new Attribute.Int(c.heads()))
                .with("head_dim", new Attribute.Int(c.headDim()));
        return b.node("FusedAttention", a, q, k, v);
    }

    /** 0 where a query may see a key (key ≤ query), −1e9 elsewhere. */
    private static Tensor causalMask(int seq) {
        float[] m = new float[seq * seq];
        for (int i = 0; i < seq; i++) {
            for (int j = i + 1; j < seq; j++) {
                m[i * seq + j] = -1e9f;
            }
        }
        return Tensor.ofFloats(DType.FLOAT32, new int[]{seq, seq}, m);
    }
}
