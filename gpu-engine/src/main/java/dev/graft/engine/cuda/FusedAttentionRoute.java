package dev.graft.engine.cuda;

import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Which way a FusedAttention node runs on the device, and why. The attention library's
 * batch prefill over ragged KV serves the head dims its kernels are specialized for (64,
 * 128, 256) with the node's causal rule, scale and grouped-query heads, and a mask input as
 * its custom mask (shared by the heads or per head). What it does not serve runs the cuBLAS
 * composition (scores, masked softmax, product with V): other head dims (the tiny shared
 * models have 16), and masks of more than {@link #MAX_MASK_ENTRIES} entries once broadcast
 * over batch, query and key, since the library checks its mask's layout against a host
 * array of that size.
 *
 * @param library whether the node runs through the attention library
 * @param why     the reason, for {@code --verbose}
 */
record FusedAttentionRoute(boolean library, String why) {

    /**
     * The head dims routed to the library: its own list, narrower than {@link
     * HeadConfig#SUPPORTED_HEAD_DIMS}, which also takes 16 and 32 for serving. Graph
     * execution keeps the tiny shared models (head dim 16) on the fp32 composition because
     * {@code graft run --backend cuda --check} holds them to 1e-4 of their expected outputs,
     * which the library's 16-bit inputs cannot meet.
     */
    static final List<Integer> LIBRARY_HEAD_DIMS = List.of(64, 128, 256);

    /** The most mask entries (64 MiB of fp32 on the host) the library route takes. */
    static final long MAX_MASK_ENTRIES = 1L << 24;

    /**
     * The route of a node with this head dim and a mask of {@code maskEntries} entries in
     * the library's layout (0: no mask input).
     */
    static FusedAttentionRoute of(int headDim, long maskEntries) {
        if (!LIBRARY_HEAD_DIMS.contains(headDim)) {
            return new FusedAttentionRoute(false, "head dim " + headDim
                    + " is not one the attention library serves (64, 128, 256)");
        }
        if (maskEntries > MAX_MASK_ENTRIES) {
            return new FusedAttentionRoute(false, "a mask of " + maskEntries + " entries (the library route takes "
                    + MAX_MASK_ENTRIES + " at most)");
        }
        return new FusedAttentionRoute(true, "batch prefill over ragged KV" + (maskEntries > 0 ? ", the mask as its "
                + "custom mask" : ""));
    }

    /**
     * The route of a FusedAttention node, from its head_dim attribute and whether it has a
     * mask (whose size the shapes decide at run time, which the reason then says).
     */
    static FusedAttentionRoute of(Node node) {
        boolean masked = node.inputs().size() > 3 && node.input(3) != null;
        FusedAttentionRoute route = of((int) node.attributes().getInt("head_dim", 0), masked ? 1 : 0);
        return route.library() && masked ? new FusedAttentionRoute(true, route.why()
                + " (the composition where the mask exceeds " + MAX_MASK_ENTRIES + " entries)") : route;
    }

    /**
     * The custom mask's heads for a mask of shape {@code mask} over scores {@code (b, hq,
     * sq, skv)}: 1 (shared) when its head axis broadcasts, else hq (per head).
     */
    static int maskHeads(int[] mask, int hq) {
        return mask.length < 3 || mask[mask.length - 3] == 1 ? 1 : hq;
    }

    /**
     * The library's 16-bit type for graph values stored as {@code storage}: bf16 stays bf16;
     * fp32 goes to fp16, whose 11-bit significand rounds eight times finer than bf16's 8-bit
     * one (relative error 2^-11 against 2^-8), at the cost of range: magnitudes beyond 65504
     * become infinite.
     */
    static KvDType libraryType(DeviceType storage) {
        return switch (storage) {
            case F32, F16 -> KvDType.FP16;
            case BF16 -> KvDType.BF16;
            case I64 -> throw new IllegalArgumentException("FusedAttention takes floating values, not " + storage);
        };
    }

    /** The device storage of the library's copies for {@code storage}. */
    static DeviceType libraryStorage(DeviceType storage) {
        return libraryType(storage) == KvDType.FP16 ? DeviceType.F16 : DeviceType.BF16;
    }

    /** One line per FusedAttention node of the graph: which way it runs and why, for {@code --verbose}. */
    static List<String> describe(Graph graph) {
        List<String> lines = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op().equals("FusedAttention")) {
                FusedAttentionRoute route = of(n);
                lines.add(n.describe() + ": " + (route.library() ? "attention library, " : "cuBLAS composition, ")
                        + route.why());
            }
        }
        return lines;
    }
}
