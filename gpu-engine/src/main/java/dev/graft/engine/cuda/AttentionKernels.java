package dev.graft.engine.cuda;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.DeviceShape;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.PlanConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Picks and compiles the specializations of Graft's attention kernel family: which
 * template serves a batch (decode or prefill), the definitions that specialize it (head
 * dim, dtype, KV layout, group tiling and the variant's flags), and the plan shape that
 * kernel needs. Compiled kernels are kept by the {@link KernelLoader}, on disk by the
 * {@link KernelCache}.
 */
public final class AttentionKernels {
    /** Query heads one decode CTA serves; more would spill registers. */
    static final int MAX_HEADS_PER_CTA = 4;
    /**
     * The prefill tile: {@code mt} row tiles of 16 per warp (so 64 * mt query rows per CTA)
     * and {@code bk} keys per step, with the register cap that lets {@code minCtas} CTAs
     * share a multiprocessor. Chosen by measurement on H100 (bench/attention.md): at head
     * dim 128 two row tiles per warp beat one (268 against 237 TFLOP/s at L 16384) although
     * ptxas reports small spills (under 250 bytes) for some specializations at that cap.
     */
    public record PrefillShape(int mt, int bk, int minCtas) {
        int rows() {
            return 64 * mt;
        }

        int sharedBytes(int headDim) {
            return (rows() + 2 * bk) * (headDim + 8) * Short.BYTES;
        }
    }

    /**
     * The decode kernel's shape: {@code warps} warps per CTA, {@code unroll} tokens per lane
     * group per step, {@code stages} steps of loads in flight (cp.async groups) and a
     * register cap that lets {@code minCtas} CTAs share a multiprocessor. Its stages, or at
     * the end the per-warp outputs, live in dynamic shared memory.
     */
    public record DecodeShape(int warps, int unroll, int stages, int minCtas) {
        /** Chosen by measurement on H100 (bench/attention.md). */
        public static final DecodeShape DEFAULT = new DecodeShape(8, 2, 4, 2);

        int threads() {
            return 32 * warps;
        }

        int sharedBytes(int headDim, int headsPerCta) {
            int stageBytes = stages * unroll * 2 * threads() * 16;
            int outputBytes = warps * headsPerCta * headDim * Float.BYTES;
            return Math.max(stageBytes, outputBytes);
        }

        /** The template's definitions of this shape. */
        Map<String, Object> defines() {
            return Map.of("WARPS", warps, "UNROLL", unroll, "STAGES", stages, "MIN_CTAS", minCtas);
        }
    }

    public static PrefillShape prefillShape(int headDim) {
        return switch (headDim) {
            case 64, 128 -> new PrefillShape(2, 64, 2);
            default -> new PrefillShape(1, 64, 1);
        };
    }

    /**
     * The prefill kernel a batch runs: the Hopper kernel (attention_prefill_sm90.cu, wgmma)
     * at head dim 128 without fused RoPE on a compute capability 9.0 device, else the
     * mma.sync kernel (attention_prefill.cu) with its tile for the head dim. Both take the
     * same work items and write the same states.
     *
     * @param rows   query rows per CTA (the plan's query tile)
     * @param bk     keys per KV tile (the plan's chunk alignment)
     * @param threads threads per CTA
     */
    record PrefillKernel(String template, Map<String, Object> defines, boolean archSpecific, int rows, int bk,
                         int threads, int sharedBytes) {
        KernelSource source() {
            KernelSource source = KernelSource.template(template, template + ".cu").define(defines);
            return archSpecific ? source.forSpecificArch() : source;
        }
    }

    /**
     * The Hopper kernel's shape: {@code stages} KV tiles of K and of V in flight, and
     * whether its two consumer warpgroups take turns issuing their products
     * ({@code pingPong}). Chosen by measurement on H100 (bench/attention.md).
     */
    public record HopperShape(int stages, boolean pingPong) {
        public static final HopperShape DEFAULT = new HopperShape(2, true);
        /** A producer warpgroup and two consumer warpgroups. */
        static final int THREADS = 384;
        private static final int TILE_BYTES = 128 * 128 * Short.BYTES;

        public HopperShape {
            if (stages < 2 || stages > 3) {
                throw new IllegalArgumentException("Hopper prefill stages: 2 or 3 fit in shared memory, got " + stages);
            }
        }

        /** Q and the stages of K and V, 32 KB each, 1 KB of alignment, and the mbarriers (8 bytes each). */
        int sharedBytes() {
            return (1 + 2 * stages) * TILE_BYTES + 1024 + 8 * (1 + 4 * stages);
        }

        Map<String, Object> defines() {
            return Map.of("STAGES", stages, "PINGPONG", pingPong ? 1 : 0);
        }
    }

    /**
     * Query heads whose prefill CTAs the grid keeps together (the kernels' prefill_cta):
     * items run longest first across a group's heads, so that no head's long items start
     * last, while the CTAs running at once read the keys and values of a few heads only,
     * which stay in L2 (4 heads of 16384 keys at head dim 128, bf16: 32 MB). A power of two
     * that divides the heads.
     */
    static int headGroup(int numQoHeads) {
        int group = 4;
        while (numQoHeads % group != 0) {
            group /= 2;
        }
        return group;
    }

    static final int THREADS = 128;
    /** Warps of a merge CTA (one CTA per output row and head). */
    static final int MERGE_WARPS = 8;

    private final CudaContext context;
    private final KernelLoader loader;
    private final IntFunction<PrefillShape> prefillShapes;
    private final boolean hopperPrefill;
    private final HopperShape hopperShape;
    private final DecodeShape decodeShape;
    private final boolean overlapMerge;

    public AttentionKernels(CudaContext context, KernelLoader loader) {
        this(context, loader, AttentionKernels::prefillShape, true, DecodeShape.DEFAULT, true);
    }

    /**
     * With another mma.sync prefill tile per head dim or another decode shape than the
     * measured defaults, for tuning; {@code hopperPrefill} false keeps every prefill on the
     * mma.sync kernel; {@code overlapMerge} false launches the merge after the attention
     * kernel has finished, even where it could overlap.
     */
    public AttentionKernels(CudaContext context, KernelLoader loader, IntFunction<PrefillShape> prefillShapes,
                            boolean hopperPrefill, DecodeShape decodeShape, boolean overlapMerge) {
        this(context, loader, prefillShapes, hopperPrefill, HopperShape.DEFAULT, decodeShape, overlapMerge);
    }

    /** As above, with another shape of the Hopper prefill kernel than the measured default, for tuning. */
    public AttentionKernels(CudaContext context, KernelLoader loader, IntFunction<PrefillShape> prefillShapes,
                            boolean hopperPrefill, HopperShape hopperShape, DecodeShape decodeShape,
                            boolean overlapMerge) {
        this.context = context;
        this.loader = loader;
        this.prefillShapes = prefillShapes;
        this.hopperPrefill = hopperPrefill;
        this.hopperShape = hopperShape;
        this.decodeShape = decodeShape;
        this.overlapMerge = overlapMerge && context.majorVersion() >= 9;
    }

    /**
     * Query heads per decode CTA: the group, up to {@link #MAX_HEADS_PER_CTA}, and no more
     * than the head dim's lanes per token (head dim / 8), among which the kernel's butterfly
     * hands each head its own lanes.
     */
    static int headsPerCta(HeadConfig heads) {
        return Math.min(heads.groupSize(), Math.min(MAX_HEADS_PER_CTA, heads.headDim() / 8));
    }

    static int headTiles(HeadConfig heads) {
        int hpc = headsPerCta(heads);
        return (heads.groupSize() + hpc - 1) / hpc;
    }

    /**
     * Whether the Hopper prefill kernel serves these heads and variant on a device of this
     * architecture: sm_90a code runs on compute capability 9.0 only; the kernel is built for
     * head dim 128 and stages K and V as loaded, so fused RoPE stays on the mma.sync kernel.
     */
    static boolean hopperServes(String arch, HeadConfig heads, AttentionVariant variant) {
        return arch.equals("sm_90") && heads.headDim() == 128 && !(variant.ropeTheta() > 0);
    }

    PrefillKernel prefillKernel(AttentionBatch batch) {
        HeadConfig heads = batch.heads();
        Map<String, Object> defines = common(heads);
        defines.put("PAGED", batch.kv() instanceof KvSource.Paged ? 1 : 0);
        defines.putAll(batch.variant().flags());
        if (hopperPrefill && hopperServes(context.arch(), heads, batch.variant())) {
            defines.putAll(hopperShape.defines());
            return new PrefillKernel("attention_prefill_sm90", defines, true, 128, 128, HopperShape.THREADS,
                    hopperShape.sharedBytes());
        }
        PrefillShape shape = prefillShapes.apply(heads.headDim());
        defines.put("MT", shape.mt());
        defines.put("BK", shape.bk());
        defines.put("MIN_CTAS", shape.minCtas());
        return new PrefillKernel("attention_prefill", defines, false, shape.rows(), shape.bk(), THREADS,
                shape.sharedBytes(heads.headDim()));
    }

    /** The attention kernel for a batch: the decode template when every request has one query row. */
    public CudaKernel attention(AttentionBatch batch) {
        if (batch.isDecode()) {
            Map<String, Object> defines = common(batch.heads());
            defines.put("PAGED", batch.kv() instanceof KvSource.Paged ? 1 : 0);
            defines.putAll(batch.variant().flags());
            defines.put("GROUP_SIZE", batch.heads().groupSize());
            defines.put("HEADS_PER_CTA", headsPerCta(batch.heads()));
            defines.putAll(decodeShape.defines());
            int shared = sharedBytes(batch);
            return loader.load(KernelSource.template("attention_decode", "attention_decode.cu").define(defines),
                    kernel -> {
                        kernel.allowDynamicShared(shared);
                        kernel.preferMaxSharedCarveout();
                    });
        }
        PrefillKernel prefill = prefillKernel(batch);
        int shared = prefill.sharedBytes();
        if (shared > context.maxSharedPerBlockOptin()) {
            throw new CudaException("prefill at head dim " + batch.heads().headDim() + " needs " + shared
                    + " bytes of shared memory per CTA; " + context.name() + " allows "
                    + context.maxSharedPerBlockOptin());
        }
        return loader.load(prefill.source(), kernel -> {
            kernel.allowDynamicShared(shared);
            kernel.preferMaxSharedCarveout();
        });
    }

    /**
     * Whether the merge launches overlapped with the attention kernel before it
     * (programmatic dependent launch, compute capability 9.0 on; the kernels wait in their
     * code where it matters).
     */
    boolean overlapsMerge() {
        return overlapMerge;
    }

    public CudaKernel merge(HeadConfig heads) {
        Map<String, Object> defines = common(heads);
        defines.put("MERGE_WARPS", MERGE_WARPS);
        return loader.load(KernelSource.template("merge_states", "merge_states.cu").define(defines));
    }

    public CudaKernel append(HeadConfig heads) {
        return loader.load(KernelSource.template("append_paged_kv", "append_paged_kv.cu").define(common(heads)));
    }

    /** The plan shape of the kernel that serves this batch, sized by that kernel's occupancy on this device. */
    public PlanConfig planConfig(AttentionBatch batch) {
        HeadConfig heads = batch.heads();
        int perSm = attention(batch).maxActiveBlocksPerSm(threads(batch), sharedBytes(batch));
        DeviceShape device = new DeviceShape(context.smCount(), perSm);
        if (batch.isDecode()) {
            return new PlanConfig(1, heads.numKvHeads() * headTiles(heads), 32, device, true);
        }
        PrefillKernel prefill = prefillKernel(batch);
        return new PlanConfig(prefill.rows(), heads.numQoHeads(), prefill.bk(), device, true);
    }

    /**
     * Launch geometry of the attention kernel for a grid of {@code items} work items: decode
     * CTAs in one row, each item's side by side (so they start in the plan's order); prefill
     * CTAs as (item and query head within a group of {@link #headGroup} heads, group), the
     * group's CTAs of an item side by side.
     */
    static int[] attentionGrid(AttentionBatch batch, int items) {
        HeadConfig heads = batch.heads();
        if (batch.isDecode()) {
            return new int[] {Math.multiplyExact(items, heads.numKvHeads() * headTiles(heads)), 1, 1};
        }
        int group = headGroup(heads.numQoHeads());
        return new int[] {Math.multiplyExact(items, group), heads.numQoHeads() / group, 1};
    }

    int threads(AttentionBatch batch) {
        return batch.isDecode() ? decodeShape.threads() : prefillKernel(batch).threads();
    }

    int sharedBytes(AttentionBatch batch) {
        return batch.isDecode() ? decodeShape.sharedBytes(batch.heads().headDim(), headsPerCta(batch.heads()))
                : prefillKernel(batch).sharedBytes();
    }

    private static Map<String, Object> common(HeadConfig heads) {
        Map<String, Object> defines = new LinkedHashMap<>();
        defines.put("HEAD_DIM", heads.headDim());
        defines.put("DTYPE_BF16", heads.dtype() == KvDType.BF16 ? 1 : 0);
        return defines;
    }
}
