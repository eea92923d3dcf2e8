package dev.graft.serve.device;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.PagedKvCache;
import dev.graft.engine.cuda.AttentionOperands;
import dev.graft.engine.cuda.CudaKernel;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceCall;
import dev.graft.engine.cuda.DevicePagedKv;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.cuda.RowLayout;
import dev.graft.engine.tensor.DType;
import dev.graft.serve.KvStore;
import dev.graft.serve.PagedStep;
import java.util.List;
import java.util.Map;

/**
 * The attention library over the GPU's paged cache, from the graph's device tensors: per
 * step, the plan is made on the CPU from the step's lengths and goes up once with the page
 * table ({@link DeviceStepTable}); per layer, the append kernel writes k and v into the
 * layer's pages, the attention and merge kernels attend over them in place, and the output
 * comes out in q's layout and storage: read and written in the graph's head-major tensors
 * themselves when they are in the cache's dtype, else through token-major 16-bit copies
 * (paged_rows.cu). Only launches: nothing waits for the device.
 *
 * <p>The attention grid is the plan's item count rounded up to a power of two; the kernels
 * read the real count from the workspace, so a captured step replays for any later plan of
 * the same shape that fits its grid and merges where it merges ({@link #captureKey}).
 */
public final class PagedLaunches implements AutoCloseable {
    private final CudaRuntime gpu;
    private final DeviceStepTable table;
    private AttentionBatch shape;
    private AttentionPlan plan;
    private int gridItems;
    private short[] largestQueryRows = new short[0];

    public PagedLaunches(CudaRuntime gpu, int maxRequests, int maxTokens, int numPages) {
        this.gpu = gpu;
        this.table = new DeviceStepTable(gpu, maxRequests, maxTokens, numPages);
    }

    /** Plans {@code step} for {@code heads} over pages shaped as {@code cache} and uploads the plan and table. */
    public void prepare(PagedStep step, HeadConfig heads, PagedKvCache cache) {
        int tokens = step.qoIndptr()[step.qoIndptr().length - 1];
        shape = new AttentionBatch(heads, AttentionVariant.DEFAULT.withCausal(true), step.qoIndptr(),
                queryRows(tokens * heads.qoRowElements()), new KvSource.Paged(cache, step.table()), null);
        plan = gpu.attention().plan(shape);
        gridItems = Integer.highestOneBit(Math.max(1, plan.numItems() - 1)) << 1;
        table.upload(step, plan, heads);
    }

    /**
     * The planning batch's query rows, which nothing reads (the plan takes lengths only, the
     * launches device buffers) but the batch checks by count. A 4096-token prefill's are 16 MB
     * that Java would zero before its first launch, so the largest step's are kept and reused
     * (in a busy server, the token budget's, which chunked prefill fills); smaller ones are made.
     */
    private short[] queryRows(int elements) {
        if (elements == largestQueryRows.length) {
            return largestQueryRows;
        }
        short[] rows = new short[elements];
        if (elements > largestQueryRows.length) {
            largestQueryRows = rows;
        }
        return rows;
    }

    /**
     * What the prepared step's launches depend on beyond the step's shape: the attention grid,
     * and whether the plan splits a row, which decides whether the merge kernel is launched.
     */
    public Object captureKey() {
        return List.of(gridItems, plan.needsMerge());
    }

    /** Counts moves of the plan's workspace: a captured step is valid while this stays the same. */
    public int generation() {
        return table.generation();
    }

    /**
     * One layer: append the node's k and v to {@code pages}, attend with q, return the output
     * in q's layout, head-major {@code (1, heads, T, d)} or, when {@code tokenMajor},
     * {@code (1, T, heads, d)}. When the graph stores values in the cache's 16-bit dtype
     * (cuda:bf16 with a bf16 cache), the kernels read q, k and v and write the output in the
     * graph's tensors in place ({@link RowLayout}); otherwise (an fp32 graph) paged_rows.cu
     * converts them to the library's token-major 16-bit rows and back.
     */
    public DeviceTensor appendAndAttend(DeviceCall call, DevicePagedKv pages, KvStore.AttentionHeads heads,
                                        boolean tokenMajor) {
        HeadConfig config = shape.heads();
        int tokens = shape.totalQoRows();
        DeviceTensor q = call.device(0);
        DeviceTensor out = call.allocate(0, q.shape());
        RowLayout qGraph = graphLayout(tokenMajor, config.numQoHeads(), tokens);
        RowLayout kvGraph = graphLayout(tokenMajor, config.numKvHeads(), tokens);
        if (q.type() == (config.dtype() == KvDType.BF16 ? DeviceType.BF16 : DeviceType.F16)) {
            attend(call, pages, heads, q, call.device(1), call.device(2), out, qGraph, kvGraph);
            return out;
        }
        int[] qRows = {tokens, config.numQoHeads(), config.headDim()};
        int[] kvRows = {tokens, config.numKvHeads(), config.headDim()};
        try (DeviceTensor q16 = rows16(call, qRows, "queries");
             DeviceTensor k16 = rows16(call, kvRows, "new keys");
             DeviceTensor v16 = rows16(call, kvRows, "new values");
             DeviceTensor o16 = rows16(call, qRows, "output")) {
            relayout(true, q, qGraph, q16, config, config.numQoHeads(), tokens);
            relayout(true, call.device(1), kvGraph, k16, config, config.numKvHeads(), tokens);
            relayout(true, call.device(2), kvGraph, v16, config, config.numKvHeads(), tokens);
            attend(call, pages, heads, q16, k16, v16, o16, RowLayout.tokenMajor(config.numQoHeads(), config.headDim()),
                    RowLayout.tokenMajor(config.numKvHeads(), config.headDim()));
            relayout(false, out, qGraph, o16, config, config.numQoHeads(), tokens);
        }
        return out;
    }

    /** Where the graph keeps row n, head h of a tensor of {@code heads} heads over the step's {@code tokens}. */
    private RowLayout graphLayout(boolean tokenMajor, int heads, int tokens) {
        int d = shape.heads().headDim();
        return tokenMajor ? RowLayout.tokenMajor(heads, d) : RowLayout.headMajor(tokens, d);
    }

    /** The library's append of k and v into {@code pages}, then its attention of q over them into {@code out}. */
    private void attend(DeviceCall call, DevicePagedKv pages, KvStore.AttentionHeads heads, DeviceTensor q,
                        DeviceTensor k, DeviceTensor v, DeviceTensor out, RowLayout qo, RowLayout kv) {
        HeadConfig config = shape.heads();
        int tokens = shape.totalQoRows();
        try (DeviceTensor lse = call.allocate(DType.FLOAT32, DeviceType.F32, new int[] {tokens, config.numQoHeads()},
                "paged attention lse")) {
            gpu.attention().launchAppend(config, tokens, k.buffer(), v.buffer(), kv, table.appendRequest,
                    table.appendPosition, pages.keys(), pages.values(), table.kvIndptr, table.kvIndices,
                    pages.shape().pageSize());
            AttentionBatch layer = new AttentionBatch(config, shape.variant().withScale(heads.scale()), shape.qoIndptr(),
                    shape.q(), shape.kv(), null);
            gpu.attention().launch(layer, gridItems, tokens, table.layout(), new AttentionOperands(q.buffer(),
                    pages.keys(), pages.values(), table.kvIndptr, table.kvIndices, table.lastPageLen, table.qoIndptr,
                    table.mask, table.maskOffsets, table.workspace(), out.buffer(), lse.buffer(), qo), plan.needsMerge());
        }
    }

    /**
     * Scratch rows in the cache's 16-bit dtype, from the executor's pool (a captured step's
     * memory is its own). Sized as two-byte elements; the label says bf16 whatever the dtype.
     */
    private static DeviceTensor rows16(DeviceCall call, int[] shape, String what) {
        return call.allocate(DType.BFLOAT16, DeviceType.BF16, shape, "paged attention " + what);
    }

    /** paged_rows.cu: the graph's tensor, laid out as {@code graph} says, to token-major 16-bit rows, or back. */
    private void relayout(boolean toTokens, DeviceTensor graphSide, RowLayout graph, DeviceTensor librarySide,
                          HeadConfig config, int heads, int tokens) {
        CudaKernel kernel = ServingKernels.load(gpu, "relayout", "paged_rows.cu", Map.of("TO_TOKENS", toTokens ? 1 : 0,
                "T_DATA", graphSide.type().cudaName(), "HEAD_DIM", config.headDim(),
                "DTYPE_BF16", config.dtype() == KvDType.BF16 ? 1 : 0));
        long n = (long) heads * tokens * config.headDim();
        if (toTokens) {
            ServingKernels.overElements(gpu, kernel, n, librarySide.buffer(), graphSide.buffer(), heads, tokens,
                    graph.row(), graph.head());
        } else {
            ServingKernels.overElements(gpu, kernel, n, graphSide.buffer(), librarySide.buffer(), heads, tokens,
                    graph.row(), graph.head());
        }
    }

    @Override
    public void close() {
        table.close();
    }
}
