package dev.graft.engine.cuda;

import dev.graft.attention.AttentionBatch;
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

    public static PrefillShape prefillShape(int headDim) {
        return switch (headDim) {
            case 64, 128 -> new PrefillShape(2, 64, 2);
            default -> new PrefillShape(1, 64, 1);
        };
    }
    static final int THREADS = 128;

    private final CudaContext context;
    private final KernelLoader loader;
    private final IntFunction<PrefillShape> prefillShapes;

    public AttentionKernels(CudaContext context, KernelLoader loader) {
        this(context, loader, AttentionKernels::prefillShape);
    }

    /** With another prefill tile per head dim than the measured default, for tuning. */
    public AttentionKernels(CudaContext context, KernelLoader loader, IntFunction<PrefillShape> prefillShapes) {
        this.context = context;
        this.loader = loader;
        this.prefillShapes = prefillShapes;
    }

    static int headsPerCta(HeadConfig heads) {
        return Math.min(heads.groupSize(), MAX_HEADS_PER_CTA);
    }

    static int headTiles(HeadConfig heads) {
        int hpc = headsPerCta(heads);
        return (heads.groupSize() + hpc - 1) / hpc;
    }

    /** The attention kernel for a batch: the decode template when every request has one query row. */
    public CudaKernel attention(AttentionBatch batch) {
        Map<String, Object> defines = common(batch.heads());
        defines.put("PAGED", batch.kv() instanceof KvSource.Paged ? 1 : 0);
        defines.putAll(batch.variant().flags());
        if (batch.isDecode()) {
            defines.put("GROUP_SIZE", batch.heads().groupSize());
            defines.put("HEADS_PER_CTA", headsPerCta(batch.heads()));
            return loader.load(KernelSource.template("attention_decode", "attention_decode.cu").define(defines),
                    CudaKernel::preferMaxSharedCarveout);
        }
        PrefillShape shape = prefillShapes.apply(batch.heads().headDim());
        defines.put("MT", shape.mt());
        defines.put("BK", shape.bk());
        defines.put("MIN_CTAS", shape.minCtas());
        int shared = prefillSharedBytes(batch.heads());
        if (shared > context.maxSharedPerBlockOptin()) {
            throw new CudaException("prefill at head dim " + batch.heads().headDim() + " needs " + shared
                    + " bytes of shared memory per CTA; " + context.name() + " allows "
                    + context.maxSharedPerBlockOptin());
        }
        return loader.load(KernelSource.template("attention_prefill", "attention_prefill.cu").define(defines), kernel -> {
            kernel.allowDynamicShared(shared);
            kernel.preferMaxSharedCarveout();
        });
    }

    public CudaKernel merge(HeadConfig heads) {
        return loader.load(KernelSource.template("merge_states", "merge_states.cu").define(common(heads)));
    }

    public CudaKernel append(HeadConfig heads) {
        return loader.load(KernelSource.template("append_paged_kv", "append_paged_kv.cu").define(common(heads)));
    }

    /** The plan shape of the kernel that serves this batch, sized by that kernel's occupancy on this device. */
    public PlanConfig planConfig(AttentionBatch batch) {
        HeadConfig heads = batch.heads();
        int perSm = attention(batch).maxActiveBlocksPerSm(THREADS, sharedBytes(batch));
        DeviceShape device = new DeviceShape(context.smCount(), perSm);
        if (batch.isDecode()) {
            return new PlanConfig(1, heads.numKvHeads() * headTiles(heads), 32, device);
        }
        PrefillShape shape = prefillShapes.apply(heads.headDim());
        return new PlanConfig(shape.rows(), heads.numQoHeads(), shape.bk(), device);
    }

    /** Launch geometry of the attention kernel for a grid of {@code items} work items. */
    static int[] attentionGrid(AttentionBatch batch, int items) {
        HeadConfig heads = batch.heads();
        int y = batch.isDecode() ? heads.numKvHeads() * headTiles(heads) : heads.numQoHeads();
        return new int[] {items, y, 1};
    }

    int sharedBytes(AttentionBatch batch) {
        return batch.isDecode() ? 0 : prefillSharedBytes(batch.heads());
    }

    int prefillSharedBytes(HeadConfig heads) {
        return prefillShapes.apply(heads.headDim()).sharedBytes(heads.headDim());
    }

    private static Map<String, Object> common(HeadConfig heads) {
        Map<String, Object> defines = new LinkedHashMap<>();
        defines.put("HEAD_DIM", heads.headDim());
        defines.put("DTYPE_BF16", heads.dtype() == KvDType.BF16 ? 1 : 0);
        return defines;
    }
}
