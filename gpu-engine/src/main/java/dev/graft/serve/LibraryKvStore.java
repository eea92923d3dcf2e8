package dev.graft.serve;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionInputException;
import dev.graft.attention.AttentionPlanner;
import dev.graft.attention.AttentionReference;
import dev.graft.attention.AttentionState;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.CpuPlanExecutor;
import dev.graft.attention.DeviceShape;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvAppend;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.PageTable;
import dev.graft.attention.PagedKvCache;
import dev.graft.attention.PlanConfig;
import dev.graft.engine.cli.UserError;
import java.util.HashMap;
import java.util.Map;

/**
 * Keys and values in the attention library's own {@link PagedKvCache} (16-bit, one per
 * layer), appended with its KV append and attended with its plan/run scheduler: the plan
 * splits long KV into chunks and the partial states merge, exactly the work the GPU
 * kernels are given, run here by the library's CPU executor. Head dims are the kernels'
 * ({@link HeadConfig#SUPPORTED_HEAD_DIMS}).
 */
public final class LibraryKvStore extends AbstractKvStore {
    /** An H100's 132 SMs; on the CPU the plan only decides how KV is split and merged. */
    private static final DeviceShape PLAN_DEVICE = new DeviceShape(132, 2);
    private static final int KV_CHUNK_ALIGN = 16;

    private final KvDType dtype;
    private final Map<String, PagedKvCache> layers = new HashMap<>();

    LibraryKvStore(KvDType dtype, int numPages, int pageSize) {
        super(numPages, pageSize);
        this.dtype = dtype;
    }

    static KvDType parse(String name) {
        try {
            return KvDType.parse(name);
        } catch (AttentionInputException e) {
            throw new UserError("--kv-dtype " + name + ": expected f32, bf16 or fp16");
        }
    }

    @Override
    public String dtype() {
        return dtype.shortName();
    }

    @Override
    public float[] appendAndAttend(String layer, AttentionHeads heads, PagedStep step, float[] q, float[] k,
                                   float[] v) {
        PageTable table = step.table();
        int[] qoIndptr = step.qoIndptr();
        HeadConfig config = new HeadConfig(heads.qHeads(), heads.kvHeads(), heads.headDim(), dtype);
        PagedKvCache cache = layers.computeIfAbsent(layer, n -> new PagedKvCache(numPages(), pageSize(), config));
        AttentionReference.appendPagedKv(new KvAppend(cache, table, qoIndptr, HeadLayout.tokenMajor(k, heads.kvHeads(), heads.headDim(), dtype),
                HeadLayout.tokenMajor(v, heads.kvHeads(), heads.headDim(), dtype)));
        AttentionVariant causal = AttentionVariant.DEFAULT.withCausal(true).withScale(heads.scale());
        AttentionBatch batch = new AttentionBatch(config, causal, qoIndptr, HeadLayout.tokenMajor(q, heads.qHeads(), heads.headDim(), dtype),
                new KvSource.Paged(cache, table), null);
        int qoTile = batch.isDecode() ? 1 : 16;
        AttentionState out = CpuPlanExecutor.run(batch, AttentionPlanner.plan(batch,
                new PlanConfig(qoTile, batch.isDecode() ? heads.kvHeads() : heads.qHeads(), KV_CHUNK_ALIGN, PLAN_DEVICE)));
        return HeadLayout.headMajor(out.o(), heads.qHeads(), heads.headDim());
    }
}
