package dev.graft.serve.synth;

import dev.graft.engine.cli.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a Llama decoder: {@code layers} blocks of width {@code hidden}, attention
 * with {@code heads} query heads sharing {@code kvHeads} key/value heads (grouped-query
 * attention when fewer), a SwiGLU MLP of width {@code ffn}, a vocabulary of {@code vocab}
 * tokens, and the {@code seed} of its random weights. RoPE base 10000 and RMSNorm epsilon
 * 1e-6, as in the transformers defaults the shared models use.
 */
public record LlamaSpec(int layers, int hidden, int heads, int kvHeads, int ffn, int vocab, long seed) {

    public static final double ROPE_THETA = 10000.0;
    public static final float RMS_EPS = 1e-6f;
    /** A tensor is one Java array. */
    static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8;

    public LlamaSpec {
        positive("layers", layers);
        positive("hidden", hidden);
        positive("heads", heads);
        positive("kv-heads", kvHeads);
        positive("ffn", ffn);
        positive("vocab", vocab);
        if (hidden % heads != 0) {
            throw new UserError("synth llama: hidden " + hidden + " is not a multiple of heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new UserError("synth llama: heads " + heads + " is not a multiple of kv-heads " + kvHeads);
        }
        for (long elements : new long[] {(long) vocab * hidden, (long) hidden * ffn, (long) hidden * hidden}) {
            if (elements > MAX_TENSOR_ELEMENTS) {
                throw new UserError("synth llama: a weight of " + elements + " elements exceeds one tensor's "
                        + MAX_TENSOR_ELEMENTS);
            }
        }
        if ((hidden / heads) % 2 != 0) {
            throw new UserError("synth llama: head dim " + hidden / heads + " must be even for rotary embeddings");
        }
    }

    public int headDim() {
        return hidden / heads;
    }

    /** Query heads per KV head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public long parameterCount() {
        long attention = (long) hidden * headDim() * (heads + 2L * kvHeads) + (long) heads * headDim() * hidden;
        long mlp = 3L * hidden * ffn;
        long perLayer = attention + mlp + 2L * hidden;
        return 2L * vocab * hidden + layers * perLayer + hidden;
    }

    /**
     * Reads {@code llama:layers=2,hidden=64,heads=4,kv-heads=2,ffn=128,vocab=512[,seed=0]},
     * the form serve-bench and generate accept in place of a model file.
     */
    public static LlamaSpec parse(String text) {
        String prefix = "llama:";
        if (!text.startsWith(prefix)) {
            throw new UserError("synth spec '" + text + "': expected llama:layers=L,hidden=H,heads=Q,kv-heads=K,ffn=F,vocab=V");
        }
        Map<String, Long> fields = new LinkedHashMap<>();
        for (String part : text.substring(prefix.length()).split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new UserError("synth spec '" + text + "': '" + part + "' is not name=value");
            }
            try {
                fields.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new UserError("synth spec '" + text + "': '" + kv[1] + "' is not a number");
            }
        }
        LlamaSpec spec = new LlamaSpec(field(fields, "layers", text), field(fields, "hidden", text),
                field(fields, "heads", text), field(fields, "kv-heads", text), field(fields, "ffn", text),
                field(fields, "vocab", text), fields.getOrDefault("seed", 0L));
        fields.keySet().removeAll(List.of("layers", "hidden", "heads", "kv-heads", "ffn", "vocab", "seed"));
        if (!fields.isEmpty()) {
            throw new UserError("synth spec '" + text + "': unknown field(s) " + fields.keySet());
        }
        return spec;
    }

    private static int field(Map<String, Long> fields, String name, String text) {
        Long v = fields.get(name);
        if (v == null) {
            throw new UserError("synth spec '" + text + "': missing " + name);
        }
        return Math.toIntExact(v);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new UserError("synth llama: --" + name + " must be positive, got " + value);
        }
    }

    /** The spec in the form {@link #parse} reads. */
    @Override
    public String toString() {
        return "llama:layers=" + layers + ",hidden=" + hidden + ",heads=" + heads + ",kv-heads=" + kvHeads
                + ",ffn=" + ffn + ",vocab=" + vocab + ",seed=" + seed;
    }
}
