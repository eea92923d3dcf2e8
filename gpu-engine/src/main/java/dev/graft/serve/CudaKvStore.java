package dev.graft.serve;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionState;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvAppend;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.PageTable;
import dev.graft.attention.PagedKvCache;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.cuda.CudaBackend;
import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DevicePagedKv;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.cuda.DeviceCall;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.serve.device.DeviceKvStore;
import dev.graft.serve.device.PagedLaunches;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

/**
 * Keys and values on the GPU, for {@code --backend cuda}: every layer's paged cache stays
 * on the device between steps ({@link DevicePagedKv}), the library's append kernel writes
 * the step's new keys and values into it, and its batch prefill/decode kernels attend
 * over it. The plan is made on the CPU once per step and serves every layer. A float32
 * cache ({@code f32}, the default) is kept as fp16 on the device: the kernels take 16-bit
 * KV only.
 */
public final class CudaKvStore extends AbstractKvStore implements DeviceKvStore {
    private final CudaRuntime device;
    private final KvDType dtype;
    private final Map<HeadConfig, PagedKvCache> shapes = new HashMap<>();
    private final Map<String, DevicePagedKv> layers = new HashMap<>();
    private PageTable plannedTable;
    private HeadConfig plannedHeads;
    private AttentionPlan plan;
    /** The device path: the serving graph's one head layout, and the step's launches; null for the host path only. */
    private final HeadConfig modelHeads;
    private final PagedLaunches launches;

    /** {@code numPages} pages of {@code pageSize} tokens per layer, allocated on {@code device} as layers first run. */
    public CudaKvStore(CudaRuntime device, KvDType dtype, int numPages, int pageSize) {
        this(device, dtype, numPages, pageSize, null, null);
    }

    private CudaKvStore(CudaRuntime device, KvDType dtype, int numPages, int pageSize, HeadConfig modelHeads,
                        PagedLaunches launches) {
        super(numPages, pageSize);
        this.device = device;
        this.dtype = dtype;
        this.modelHeads = modelHeads;
        this.launches = launches;
    }

    /**
     * The GPU cache for a serving graph. Every PagedAttention layer's head dim must be one the
     * kernels are built for; another is refused here, naming the layer, before the device
     * is opened: the GPU path never falls back to the CPU silently.
     */
    static CudaKvStore open(CudaBackend backend, CacheConfig cache, Graph serving) {
        for (Node node : serving.nodes()) {
            if (node.op().equals(PagedAttention.NAME)) {
                int headDim = (int) node.attributes().getInt("head_dim", 0);
                if (!HeadConfig.isSupportedHeadDim(headDim)) {
                    throw new UserError("--backend cuda: attention layer '" + node.name() + "' has head_dim " + headDim
                            + "; the GPU attention kernels take " + HeadConfig.supportedHeadDims(", ")
                            + " (run this model with --backend cpu)");
                }
            }
        }
        KvDType dtype = cache.kvDtype().equals("f32") ? KvDType.FP16 : LibraryKvStore.parse(cache.kvDtype());
        Set<HeadConfig> heads = new HashSet<>();
        for (Node node : serving.nodes()) {
            if (node.op().equals(PagedAttention.NAME)) {
                KvStore.AttentionHeads h = PagedAttention.heads(node.attributes());
                heads.add(new HeadConfig(h.qHeads(), h.kvHeads(), h.headDim(), dtype));
            }
        }
        if (heads.size() != 1) {
            throw new UserError("--backend cuda: the attention layers have " + heads.size() + " head layouts " + heads
                    + "; the GPU cache plans one per step");
        }
        CudaRuntime gpu = backend.runtime();
        return new CudaKvStore(gpu, dtype, cache.numPages(), cache.pageSize(), heads.iterator().next(),
                new PagedLaunches(gpu, cache.maxRunning(), cache.tokenBudget(), cache.numPages()));
    }

    @Override
    public String dtype() {
        return dtype.shortName() + " on the GPU";
    }

    @Override
    public float[] appendAndAttend(String layer, AttentionHeads heads, PagedStep step, float[] q, float[] k,
                                   float[] v) {
        PageTable table = step.table();
        int[] qoIndptr = step.qoIndptr();
        HeadConfig config = new HeadConfig(heads.qHeads(), heads.kvHeads(), heads.headDim(), dtype);
        PagedKvCache shape = shape(config);
        DevicePagedKv cache = layers.computeIfAbsent(layer, n -> allocate(n, shape));
        int d = heads.headDim();
        KvAppend append = new KvAppend(shape, table, qoIndptr, HeadLayout.tokenMajor(k, heads.kvHeads(), d, dtype),
                HeadLayout.tokenMajor(v, heads.kvHeads(), d, dtype));
        AttentionBatch batch = new AttentionBatch(config, AttentionVariant.DEFAULT.withCausal(true).withScale(heads.scale()),
                qoIndptr, HeadLayout.tokenMajor(q, heads.qHeads(), d, dtype), new KvSource.Paged(shape, table), null);
        AttentionState out = device.attention().appendAndRun(batch, planFor(batch, table), cache, append);
        return HeadLayout.headMajor(out.o(), heads.qHeads(), d);
    }

    @Override
    public void prepare(PagedStep step) {
        launches.prepare(step, modelHeads, shape(modelHeads));
    }

    @Override
    public Object captureKey() {
        return launches.captureKey();
    }

    @Override
    public int addressGeneration() {
        return launches.generation();
    }

    @Override
    public DeviceTensor appendAndAttend(DeviceCall call, String layer, AttentionHeads heads, PagedStep step,
                                        boolean tokenMajor) {
        PagedKvCache shape = shape(modelHeads);
        return launches.appendAndAttend(call, layers.computeIfAbsent(layer, n -> allocate(n, shape)), heads,
                tokenMajor);
    }

    /** The pages' shape for a head layout, one object per layout (the library checks a cache by identity). */
    private PagedKvCache shape(HeadConfig heads) {
        return shapes.computeIfAbsent(heads, c -> new PagedKvCache(numPages(), pageSize(), c));
    }

    /** A layer's pages on the device; a cache larger than the device's memory is the user's --pages. */
    private DevicePagedKv allocate(String layer, PagedKvCache shape) {
        try {
            return new DevicePagedKv(device.pool(), shape);
        } catch (CudaException e) {
            throw new UserError("--pages " + numPages() + ": the GPU KV cache of layer '" + layer + "' does not fit ("
                    + e.getMessage() + ")");
        }
    }

    /** A step's plan depends only on its lengths and heads, so the first layer makes it and the others reuse it. */
    private AttentionPlan planFor(AttentionBatch batch, PageTable table) {
        if (table != plannedTable || !batch.heads().equals(plannedHeads)) {
            plan = device.attention().plan(batch);
            plannedTable = table;
            plannedHeads = batch.heads();
        }
        return plan;
    }
}
