package dev.graft.serve.synth;

import static dev.graft.engine.tensor.DType.FLOAT32;
import static dev.graft.serve.synth.OpEmitter.attrs;
import static dev.graft.serve.synth.OpEmitter.declare;
import static dev.graft.serve.synth.SequenceShape.BATCH;
import static dev.graft.serve.synth.SequenceShape.SEQ;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;

/**
 * Builds, through the graph API, the graph PyTorch's ONNX exporter (dynamo, opset 20)
 * emits for a transformers Llama decoder with dynamic batch and sequence axes: input
 * {@code input_ids i64[batch, seq]}, output {@code logits f32[batch, seq, vocab]}. The op
 * structure follows models/tiny-llama-gqa.dyn.onnx node for node (embedding Gather,
 * RMSNorm as Pow/ReduceMean/Add/Sqrt/Reciprocal/Mul, projections as MatMul with
 * transposed weights, Reshape/Transpose to heads, rotate-half RoPE, GQA as
 * Unsqueeze/Expand/Reshape, Q K^T times scale plus mask, Softmax, times V, SwiGLU MLP,
 * final norm, lm_head), so rewrite rules written for the exporter's output apply to
 * synthesized models of any size.
 */
public final class LlamaGraph {
    private final LlamaSpec spec;
    private final OpEmitter e;
    private final RandomWeights weights;
    private SequenceShape shape;
    private Rotary rotary;
    private Value mask;
    private ShapeTargets targets;

    private LlamaGraph(LlamaSpec spec) {
        this.spec = spec;
        this.e = new OpEmitter(new Graph("synth_llama"));
        this.weights = new RandomWeights(spec.seed());
    }

    /**
     * The typed graph of {@code spec} with its seeded random weights.
     *
     * @throws UserError when the float32 weights would not fit in this JVM's heap
     */
    public static Graph build(LlamaSpec spec) {
        long bytes = spec.parameterCount() * Float.BYTES;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap * 0.8) {
            throw new UserError(String.format("synth llama: %,d parameters need %.1f GiB as float32, this JVM may use %.1f GiB"
                    + " (raise it with GRAFT_JAVA_OPTS=-Xmx...)", spec.parameterCount(), bytes / 1073741824.0, heap / 1073741824.0));
        }
        return new LlamaGraph(spec).emit();
    }

    private Graph emit() {
        Graph g = e.graph();
        Value inputIds = g.addInput("input_ids", TensorType.of(DType.INT64, Dim.symbol("batch"), Dim.symbol("seq")));
        Value embed = e.weight("model.embed_tokens.weight", weights.normal(spec.vocab(), spec.hidden()));
        shape = SequenceShape.of(e, inputIds);
        Value x = e.op("Gather", attrs("axis", 0), embed, inputIds);
        Value positionIds = e.op("Unsqueeze", shape.positions(), e.ints(0));
        mask = CausalMask.build(e, shape, positionIds);
        rotary = Rotary.tables(e, positionIds, spec.headDim(), LlamaSpec.ROPE_THETA);
        targets = ShapeTargets.of(e, shape, spec);
        for (int layer = 0; layer < spec.layers(); layer++) {
            String prefix = "model.layers." + layer + ".";
            Value normed = rmsNorm(x, prefix + "input_layernorm.weight");
            x = e.op("Add", x, attention(normed, prefix + "self_attn."));
            normed = rmsNorm(x, prefix + "post_attention_layernorm.weight");
            x = e.op("Add", x, mlp(normed, prefix + "mlp."));
        }
        Value normed = rmsNorm(x, "model.norm.weight");
        Value logits = e.named("logits", "MatMul", normed, e.weight("lm_head.weight", weights.normal(spec.hidden(), spec.vocab())));
        declare(logits, FLOAT32, BATCH, SEQ, Dim.of(spec.vocab()));
        g.addOutput(logits);
        TypeInference.run(g);
        return g;
    }

    private Value rmsNorm(Value x, String weightName) {
        Value meanSquare = e.op("ReduceMean", attrs("noop_with_empty_axes", 0, "keepdims", 1),
                e.op("Pow", x, e.floatScalar(2f)), e.ints(-1));
        Value inverseRms = e.op("Reciprocal", e.op("Sqrt", e.op("Add", meanSquare, e.floatScalar(LlamaSpec.RMS_EPS))));
        return e.op("Mul", e.weight(weightName, RandomWeights.ones(spec.hidden())), e.op("Mul", x, inverseRms));
    }

    private Value attention(Value x, String prefix) {
        int d = spec.headDim();
        Value q = rotary.apply(e, heads(projection(x, prefix + "q_proj.weight", spec.hidden(), spec.heads() * d), spec.heads()));
        Value k = rotary.apply(e, heads(projection(x, prefix + "k_proj.weight", spec.hidden(), spec.kvHeads() * d), spec.kvHeads()));
        Value v = heads(projection(x, prefix + "v_proj.weight", spec.hidden(), spec.kvHeads() * d), spec.kvHeads());
        k = repeatKv(k);
        v = repeatKv(v);
        Value scores = e.op("MatMul", q, e.op("Transpose", attrs("perm", new long[] {0, 1, 3, 2}), k));
        Value logits = e.op("Add", e.op("Mul", scores, e.floatScalar((float) (1.0 / Math.sqrt(d)))), mask);
        Value probs = e.op("Softmax", attrs("axis", -1), logits);
        Value context = e.op("Transpose", attrs("perm", new long[] {0, 2, 1, 3}), e.op("MatMul", probs, v));
        Value merged = declare(e.op("Reshape", attrs("allowzero", 1), context, targets.merged()), FLOAT32, BATCH, SEQ,
                Dim.of(spec.heads() * d));
        return projection(merged, prefix + "o_proj.weight", spec.heads() * d, spec.hidden());
    }

    /** {@code [batch, seq, heads * d]} to {@code [batch, heads, seq, d]}. */
    private Value heads(Value x, int count) {
        Value split = declare(e.op("Reshape", attrs("allowzero", 1), x, targets.heads()), FLOAT32, BATCH, SEQ,
                Dim.of(count), Dim.of(spec.headDim()));
        return e.op("Transpose", attrs("perm", new long[] {0, 2, 1, 3}), split);
    }

    /** transformers' repeat_kv: each KV head serves groupSize query heads; absent without grouping. */
    private Value repeatKv(Value x) {
        if (spec.groupSize() == 1) {
            return x;
        }
        Dim d = Dim.of(spec.headDim());
        Value expanded = declare(e.op("Expand", e.op("Unsqueeze", x, e.ints(2)), targets.grouped()), FLOAT32, BATCH,
                Dim.of(spec.kvHeads()), Dim.of(spec.groupSize()), SEQ, d);
        return declare(e.op("Reshape", attrs("allowzero", 1), expanded, targets.repeated()), FLOAT32, BATCH,
                Dim.of(spec.heads()), SEQ, d);
    }

    private Value mlp(Value x, String prefix) {
        Value gate = projection(x, prefix + "gate_proj.weight", spec.hidden(), spec.ffn());
        Value silu = e.op("Mul", gate, e.op("Sigmoid", gate));
        Value up = projection(x, prefix + "up_proj.weight", spec.hidden(), spec.ffn());
        return projection(e.op("Mul", silu, up), prefix + "down_proj.weight", spec.ffn(), spec.hidden());
    }

    /** A bias-free linear layer: MatMul with the weight stored transposed, {@code [in, out]}, as exported. */
    private Value projection(Value x, String weightName, int in, int out) {
        return e.op("MatMul", x, e.weight(weightName, weights.normal(in, out)));
    }
}
