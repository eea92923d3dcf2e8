package dev.graft.engine.cuda;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionPlanner;
import dev.graft.attention.AttentionState;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvAppend;
import dev.graft.attention.KvSource;
import dev.graft.attention.MergeStates;
import dev.graft.attention.WorkspaceLayout;

/**
 * The attention library on a CUDA device: plan on the CPU, upload, then run on a fixed
 * grid (the attention kernel writes partial states, the merge kernel combines them into
 * the output; rows that one work item covers alone it writes itself). Every check of the
 * inputs happens while the batch and plan are made, before any launch.
 */
public final class CudaAttention {
    private final DeviceMemoryPool pool;
    private final AttentionKernels kernels;
    private final CudaStream stream;

    public CudaAttention(DeviceMemoryPool pool, AttentionKernels kernels, CudaStream stream) {
        this.pool = pool;
        this.kernels = kernels;
        this.stream = stream;
    }

    public AttentionKernels kernels() {
        return kernels;
    }

    /** The load-balanced plan for this batch on this device. */
    public AttentionPlan plan(AttentionBatch batch) {
        return AttentionPlanner.plan(batch, kernels.planConfig(batch));
    }

    /** Puts a batch and its plan on the device and compiles the kernels it needs. */
    public DeviceBatch upload(AttentionBatch batch, AttentionPlan plan) {
        kernels.attention(batch);
        kernels.merge(batch.heads());
        return new DeviceBatch(pool, batch, plan);
    }

    /**
     * One step of one layer over a device-resident cache: appends the step's new keys and
     * values into {@code cache}, then attends with {@code plan} (made once per step on the
     * CPU, shared by every layer) and downloads the output.
     */
    public AttentionState appendAndRun(AttentionBatch batch, AttentionPlan plan, DevicePagedKv cache, KvAppend append) {
        if (!(batch.kv() instanceof KvSource.Paged p) || p.cache() != cache.shape() || append.cache() != cache.shape()) {
            throw new CudaException("appendAndRun: the batch and the append must be paged over the resident cache's shape");
        }
        kernels.attention(batch);
        kernels.merge(batch.heads());
        try (DeviceBatch b = new DeviceBatch(pool, batch, plan, cache)) {
            appendPagedKv(b, append);
            launch(b);
            stream.synchronize();
            return b.download();
        }
    }

    /**
     * Enqueues the attention and merge kernels of a device batch on the stream; the merge
     * only where its plan (fixed for the batch) splits a row.
     */
    public void launch(DeviceBatch b) {
        launch(b, b.plan().needsMerge());
    }

    /** As {@link #launch(DeviceBatch)}, with or without the merge (the benchmark times the attention kernel alone). */
    void launch(DeviceBatch b, boolean merge) {
        launch(b.shape(), b.plan().numItems(), b.plan().totalQoRows(), b.layout(), b.operands(), merge);
    }

    /**
     * Enqueues the attention kernel, and the merge kernel when {@code merge}, over operands
     * already on the device, for a grid of {@code gridItems} work items and {@code gridRows}
     * output rows: at least the plan's, whose counts (in the workspace) the kernels read, so
     * that one grid serves every smaller plan of a captured graph. A captured graph without
     * the merge serves only plans that split no row ({@code AttentionPlan.needsMerge}); the
     * merge, a CTA per row and head, is most of a short prefill's attention time otherwise.
     * {@code batch} gives the shapes and variant; its host arrays are not read.
     */
    public void launch(AttentionBatch batch, int gridItems, int gridRows, WorkspaceLayout layout, AttentionOperands o,
                       boolean merge) {
        HeadConfig heads = batch.heads();
        var counts = o.workspace().at(layout.region("counts").offset());
        var partialO = o.workspace().at(layout.region("partial_o").offset());
        var partialLse = o.workspace().at(layout.region("partial_lse").offset());
        double scale = batch.variant().scaleFor(heads.headDim());
        int pageSize = batch.kv() instanceof KvSource.Paged p ? p.table().pageSize() : 1;
        double theta = batch.variant().ropeTheta();
        float ropeLog2Theta = theta > 0 ? (float) (Math.log(theta) / Math.log(2)) : 0f;
        kernels.attention(batch).launch(stream, AttentionKernels.attentionGrid(batch, Math.max(1, gridItems)),
                new int[] {kernels.threads(batch), 1, 1}, kernels.sharedBytes(batch),
                o.q(), o.k(), o.v(), o.kvIndptr(), o.kvIndices(), o.lastPageLen(), o.qoIndptr(), o.mask(),
                o.maskOffsets(), counts, o.workspace().at(layout.region("items").offset()), partialO, partialLse,
                o.out(), o.outLse(), heads.numQoHeads(), heads.numKvHeads(), pageSize, (float) scale,
                (float) batch.variant().logitsSoftCap(), batch.variant().windowLeft(), ropeLog2Theta, o.qo().row(),
                o.qo().head());
        if (merge) {
            launchMerge(heads, gridRows, counts, partialO, partialLse,
                    o.workspace().at(layout.region("merge_indptr").offset()),
                    o.workspace().at(layout.region("merge_indices").offset()), o.out(), o.outLse(), o.qo(), true);
        }
    }

    private void launchMerge(HeadConfig heads, int rows, Object counts, Object partialO, Object partialLse,
                             Object indptr, Object indices, Object out, Object outLse, RowLayout outLayout,
                             boolean keepUnmerged) {
        int[] grid = {Math.max(1, rows * heads.numQoHeads()), 1, 1};   // a CTA per row and head
        int[] block = {32 * AttentionKernels.MERGE_WARPS, 1, 1};
        Object[] args = {partialO, partialLse, counts, indptr, indices, out, outLse, heads.numQoHeads(),
                keepUnmerged ? 1 : 0, outLayout.row(), outLayout.head()};
        CudaKernel merge = kernels.merge(heads);
        if (kernels.overlapsMerge()) {
            // its launch and its look-ups of the plan overlap the attention kernel's last CTAs
            merge.launchOverlapped(stream, grid, block, 0, args);
        } else {
            merge.launch(stream, grid, block, 0, args);
        }
    }

    /** Plans, uploads, runs and downloads one batch. */
    public AttentionState run(AttentionBatch batch) {
        try (DeviceBatch b = upload(batch, plan(batch))) {
            launch(b);
            stream.synchronize();
            return b.download();
        }
    }

    /**
     * Merges partial states on the device, the GPU form of
     * {@link MergeStates#mergeIndexed}: output row g merges partial rows
     * {@code indices[indptr[g] .. indptr[g+1])}. Output o is rounded to the heads' dtype.
     */
    public AttentionState mergeStates(HeadConfig heads, AttentionState partials, int[] indptr, int[] indices) {
        MergeStates.checkLayout(indptr, indices, partials.rows());
        int rows = indptr.length - 1;
        float[] o = new float[partials.o().length];
        float[] lse = new float[partials.lse().length];
        for (int i = 0; i < o.length; i++) {
            o[i] = (float) partials.o()[i];
        }
        for (int i = 0; i < lse.length; i++) {
            lse[i] = (float) partials.lse()[i];
        }
        try (DeviceBuffer po = pool.allocate(o.length * 4L, "partial o").upload(o);
             DeviceBuffer pl = pool.allocate(lse.length * 4L, "partial lse").upload(lse);
             DeviceBuffer counts = pool.allocate(8, "merge counts").upload(new int[] {0, rows});
             DeviceBuffer ip = pool.allocate(indptr.length * 4L, "merge_indptr").upload(indptr);
             DeviceBuffer ix = pool.allocate(Math.max(1, indices.length) * 4L, "merge_indices").upload(indices);
             DeviceBuffer out = pool.allocate(Math.max(1, (long) rows * heads.qoRowElements() * 2), "merged o");
             DeviceBuffer outLse = pool.allocate(Math.max(1, (long) rows * heads.numQoHeads() * 4), "merged lse")) {
            launchMerge(heads, rows, counts, po, pl, ip, ix, out, outLse,
                    RowLayout.tokenMajor(heads.numQoHeads(), heads.headDim()), false);
            stream.synchronize();
            short[] oh = new short[rows * heads.qoRowElements()];
            float[] lh = new float[rows * heads.numQoHeads()];
            out.download(oh);
            outLse.download(lh);
            double[] od = new double[oh.length];
            double[] ld = new double[lh.length];
            for (int i = 0; i < od.length; i++) {
                od[i] = heads.dtype().decode(oh[i]);
            }
            for (int i = 0; i < ld.length; i++) {
                ld[i] = lh[i];
            }
            return new AttentionState(rows, heads.numQoHeads(), heads.headDim(), od, ld);
        }
    }

    /**
     * Enqueues the append of {@code rows} new K/V rows, 16-bit, already on the device and laid
     * out as {@code layout} says (the library's {@code (rows, kvHeads, headDim)}, or a graph's
     * head-major tensors): row i goes to token {@code position[i]} of request
     * {@code request[i]} through the page table {@code kvIndptr}, {@code kvIndices}.
     */
    public void launchAppend(HeadConfig heads, int rows, Object newK, Object newV, RowLayout layout, Object request,
                             Object position, Object kCache, Object vCache, Object kvIndptr, Object kvIndices,
                             int pageSize) {
        kernels.append(heads).launch(stream, new int[] {rows, 1, 1}, new int[] {AttentionKernels.THREADS, 1, 1}, 0,
                newK, newV, request, position, kCache, vCache, kvIndptr, kvIndices, pageSize, heads.numKvHeads(),
                layout.row(), layout.head());
    }

    /**
     * Appends new K/V rows to a device-resident paged cache (the K and V buffers of
     * {@code target}, whose batch must be paged over the same cache and table as the append).
     */
    public void appendPagedKv(DeviceBatch target, KvAppend append) {
        int total = append.appendIndptr()[append.appendIndptr().length - 1];
        if (total == 0) {
            return;
        }
        int[] request = new int[total];
        int[] position = new int[total];
        for (int r = 0; r < append.table().batchSize(); r++) {
            int count = append.appendIndptr()[r + 1] - append.appendIndptr()[r];
            int kvLen = append.table().kvLength(r);
            for (int n = 0; n < count; n++) {
                request[append.appendIndptr()[r] + n] = r;
                position[append.appendIndptr()[r] + n] = kvLen - count + n;
            }
        }
        HeadConfig heads = append.cache().heads();
        try (DeviceBuffer nk = pool.allocate(append.keys().length * 2L, "appended keys").upload(append.keys());
             DeviceBuffer nv = pool.allocate(append.values().length * 2L, "appended values").upload(append.values());
             DeviceBuffer rq = pool.allocate(total * 4L, "append requests").upload(request);
             DeviceBuffer ps = pool.allocate(total * 4L, "append positions").upload(position);
             DeviceBuffer ip = pool.allocate(append.table().indptr().length * 4L, "kv_indptr")
                     .upload(append.table().indptr());
             DeviceBuffer ix = pool.allocate(Math.max(1, append.table().indices().length) * 4L, "kv_indices")
                     .upload(append.table().indices())) {
            launchAppend(heads, total, nk, nv, RowLayout.tokenMajor(heads.numKvHeads(), heads.headDim()), rq, ps,
                    target.k, target.v, ip, ix, append.table().pageSize());
            stream.synchronize();
        }
    }
}
