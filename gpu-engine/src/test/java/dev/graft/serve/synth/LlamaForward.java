package dev.graft.serve.synth;

import dev.graft.engine.graph.Graph;

/**
 * Llama's forward pass written out plainly from its definition (not from the exporter's
 * graph), in double, reading the weights of a synthesized graph by name: the independent
 * check that {@link LlamaGraph} computes a Llama decoder.
 */
final class LlamaForward {
    private final LlamaSpec spec;
    private final Graph graph;

    LlamaForward(LlamaSpec spec, Graph graph) {
        this.spec = spec;
        this.graph = graph;
    }

    /** Logits {@code [seq][vocab]} of one sequence. */
    double[][] logits(int[] tokens) {
        int s = tokens.length;
        int h = spec.hidden();
        double[][] x = new double[s][];
        float[] embed = weight("model.embed_tokens.weight");
        for (int t = 0; t < s; t++) {
            x[t] = new double[h];
            for (int i = 0; i < h; i++) {
                x[t][i] = embed[tokens[t] * h + i];
            }
        }
        for (int l = 0; l < spec.layers(); l++) {
            String p = "model.layers." + l + ".";
            add(x, attention(norm(x, p + "input_layernorm.weight"), p + "self_attn."));
            add(x, mlp(norm(x, p + "post_attention_layernorm.weight"), p + "mlp."));
        }
        return linear(norm(x, "model.norm.weight"), "lm_head.weight", spec.vocab());
    }

    private double[][] attention(double[][] x, String p) {
        int s = x.length;
        int d = spec.headDim();
        double[][] q = rope(linear(x, p + "q_proj.weight", spec.heads() * d), spec.heads());
        double[][] k = rope(linear(x, p + "k_proj.weight", spec.kvHeads() * d), spec.kvHeads());
        double[][] v = linear(x, p + "v_proj.weight", spec.kvHeads() * d);
        double[][] out = new double[s][spec.heads() * d];
        for (int head = 0; head < spec.heads(); head++) {
            int kvHead = head / spec.groupSize();
            for (int i = 0; i < s; i++) {
                double[] w = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < d; e++) {
                        w[j] += q[i][head * d + e] * k[j][kvHead * d + e];
                    }
                    w[j] /= Math.sqrt(d);
                    max = Math.max(max, w[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    w[j] = Math.exp(w[j] - max);
                    sum += w[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < d; e++) {
                        out[i][head * d + e] += w[j] / sum * v[j][kvHead * d + e];
                    }
                }
            }
        }
        return linear(out, p + "o_proj.weight", spec.hidden());
    }

    /** Rotates each head's pair (e, e + d/2) by angle position * theta^(-2e/d). */
    private double[][] rope(double[][] x, int heads) {
        int d = spec.headDim();
        for (int t = 0; t < x.length; t++) {
            for (int head = 0; head < heads; head++) {
                for (int e = 0; e < d / 2; e++) {
                    double angle = t * (float) (1.0 / Math.pow(LlamaSpec.ROPE_THETA, 2.0 * e / d));
                    int a = head * d + e;
                    int b = a + d / 2;
                    double xa = x[t][a];
                    double xb = x[t][b];
                    x[t][a] = xa * Math.cos(angle) - xb * Math.sin(angle);
                    x[t][b] = xb * Math.cos(angle) + xa * Math.sin(angle);
                }
            }
        }
        return x;
    }

    private double[][] mlp(double[][] x, String p) {
        double[][] gate = linear(x, p + "gate_proj.weight", spec.ffn());
        double[][] up = linear(x, p + "up_proj.weight", spec.ffn());
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < spec.ffn(); i++) {
                gate[t][i] = gate[t][i] / (1 + Math.exp(-gate[t][i])) * up[t][i];
            }
        }
        return linear(gate, p + "down_proj.weight", spec.hidden());
    }

    private double[][] norm(double[][] x, String name) {
        float[] w = weight(name);
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            double ms = 0;
            for (double v : x[t]) {
                ms += v * v;
            }
            double inv = 1 / Math.sqrt(ms / x[t].length + LlamaSpec.RMS_EPS);
            out[t] = new double[x[t].length];
            for (int i = 0; i < x[t].length; i++) {
                out[t][i] = x[t][i] * inv * w[i];
            }
        }
        return out;
    }

    /** x {@code [s][in]} times the weight stored {@code [in, out]}. */
    private double[][] linear(double[][] x, String name, int out) {
        float[] w = weight(name);
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                for (int o = 0; o < out; o++) {
                    y[t][o] += x[t][i] * w[i * out + o];
                }
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] += y[t][i];
            }
        }
    }

    private float[] weight(String name) {
        return graph.value(name).constant().floats();
    }
}
