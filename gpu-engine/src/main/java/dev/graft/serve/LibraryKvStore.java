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
 * (64, 128, 256).
 */
public final class LibraryKvStore implements KvStore {
    /** An H100's 132 SMs; on the CPU the plan only decides how KV is split and merged. */
    private static final DeviceShape PLAN_DEVICE = new DeviceShape(132, 2);
    private static final int KV_CHUNK_ALIGN = 16;

    private final KvDType dtype;
    private final int numPages;
    private final int pageSize;
    private final Map<String, PagedKvCache> layers = new HashMap<>();

    LibraryKvStore(KvDType dtype, int numPages, int pageSize) {
        this.dtype = dtype;
        this.numPages = numPages;
        this.pageSize = pageSize;
    }

    static KvDType parse(String name) {
        try {
            return KvDType.parse(name);
        } catch (AttentionInputException e) {
            throw new UserError("--kv-dtype " + name + ": expected f32, bf16 or fp16");
        }
    }

    @Override
    public int numPages() {
        return numPages;
    }

    @Override
    public int pageSize() {
        return pageSize;
    }

    @Override
    public String dtype() {
        return dtype.shortName();
    }

    @Override
    public float[] appendAndAttend(String layer, AttentionHeads heads, PageTable table, int[] qoIndptr, float[] q,
                                   float[] k, float[] v) {
        HeadConfig config = new HeadConfig(heads.qHeads(), heads.kvHeads(), heads.headDim(), dtype);
        PagedKvCache cache = layers.computeIfAbsent(layer, n -> new PagedKvCache(numPages, pageSize, config));
        AttentionReference.appendPagedKv(new KvAppend(cache, table, qoIndptr, tokenMajor(k, heads.kvHeads(), heads.headDim()),
                tokenMajor(v, heads.kvHeads(), heads.headDim())));
        AttentionVariant causal = AttentionVariant.DEFAULT.withCausal(true).withScale(heads.scale());
        AttentionBatch batch = new AttentionBatch(config, causal, qoIndptr, tokenMajor(q, heads.qHeads(), heads.headDim()),
                new KvSource.Paged(cache, table), null);
        int qoTile = batch.isDecode() ? 1 : 16;
        AttentionState out = CpuPlanExecutor.run(batch, AttentionPlanner.plan(batch,
                new PlanConfig(qoTile, batch.isDecode() ? heads.kvHeads() : heads.qHeads(), KV_CHUNK_ALIGN, PLAN_DEVICE)));
        return headMajor(out.o(), heads.qHeads(), heads.headDim());
    }

    /** {@code (1, heads, T, d)} floats to the library's {@code (T, heads, d)} 16-bit rows. */
    private short[] tokenMajor(float[] x, int heads, int d) {
        int tokens = x.length / (heads * d);
        short[] out = new short[x.length];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < tokens; t++) {
                for (int e = 0; e < d; e++) {
                    out[(t * heads + h) * d + e] = dtype.encode(x[(h * tokens + t) * d + e]);
                }
            }
        }
        return out;
    }

    /** The library's {@code (T, heads, d)} output back to the graph's {@code (1, heads, T, d)}. */
    private static float[] headMajor(double[] o, int heads, int d) {
        int tokens = o.length / (heads * d);
        float[] out = new float[o.length];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < tokens; t++) {
                for (int e = 0; e < d; e++) {
                    out[(h * tokens + t) * d + e] = (float) o[(t * heads + h) * d + e];
                }
            }
        }
        return out;
    }
}
