package dev.graft.engine.cuda;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionState;
import dev.graft.attention.KvSource;
import dev.graft.attention.WorkspaceLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * An attention batch resident on the device: queries, KV, page table or ragged indptr,
 * mask, the plan's workspace and the output, each in its own buffer at a fixed address.
 * Launches read only these buffers, so a captured graph replays on new data once
 * {@link #refresh} has copied it in.
 */
public final class DeviceBatch implements AutoCloseable {
    private final AttentionBatch shape;
    private final AttentionPlan plan;
    private final WorkspaceLayout layout;
    private final List<DeviceBuffer> owned = new ArrayList<>();
    private final DevicePagedKv resident;
    final DeviceBuffer q;
    final DeviceBuffer k;
    final DeviceBuffer v;
    final DeviceBuffer kvIndptr;
    final DeviceBuffer kvIndices;
    final DeviceBuffer lastPageLen;
    final DeviceBuffer qoIndptr;
    final DeviceBuffer mask;
    final DeviceBuffer maskOffsets;
    final DeviceBuffer workspace;
    final DeviceBuffer out;
    final DeviceBuffer outLse;

    /**
     * Allocates and fills every buffer. What the batch needs in all is checked against the
     * pool's free memory before anything is allocated, so a batch too large fails here with
     * one message, not in a launch.
     */
    DeviceBatch(DeviceMemoryPool pool, AttentionBatch batch, AttentionPlan plan) {
        this(pool, batch, plan, null);
    }

    /**
     * As above, but the batch reads its keys and values in place from {@code resident}, a
     * cache that stays on the device between steps (borrowed: closing the batch keeps it).
     */
    DeviceBatch(DeviceMemoryPool pool, AttentionBatch batch, AttentionPlan plan, DevicePagedKv resident) {
        this.shape = batch;
        this.plan = plan;
        this.layout = plan.workspaceLayout(batch.heads());
        this.resident = resident;
        int rowElements = batch.heads().qoRowElements();
        long needed = layout.sizeBytes() + 2L * batch.q().length + (resident != null ? 0 : 4L * batch.kv().keys().length)
                + (long) batch.totalQoRows() * (rowElements * 2L + batch.heads().numQoHeads() * 4L)
                + (batch.mask() == null ? 0 : 4L * batch.mask().bias().length);
        long available = pool.availableBytes();
        if (needed > available) {
            throw new CudaException("out of device memory: attention over " + batch.batchSize() + " requests needs "
                    + needed + " bytes (workspace " + layout.sizeBytes() + "), " + available + " are available");
        }
        q = alloc(pool, (long) batch.q().length * 2, "queries");
        k = resident != null ? resident.keys : alloc(pool, (long) batch.kv().keys().length * 2, "keys");
        v = resident != null ? resident.values : alloc(pool, (long) batch.kv().values().length * 2, "values");
        switch (batch.kv()) {
            case KvSource.Paged p -> {
                kvIndptr = alloc(pool, p.table().indptr().length * 4L, "kv_indptr").upload(p.table().indptr());
                kvIndices = alloc(pool, Math.max(1, p.table().indices().length) * 4L, "kv_indices")
                        .upload(p.table().indices());
                lastPageLen = alloc(pool, p.table().lastPageLen().length * 4L, "last_page_len")
                        .upload(p.table().lastPageLen());
            }
            case KvSource.Ragged r -> {
                kvIndptr = alloc(pool, r.kvIndptr().length * 4L, "kv_indptr").upload(r.kvIndptr());
                kvIndices = alloc(pool, 4, "kv_indices (unused)");
                lastPageLen = alloc(pool, 4, "last_page_len (unused)");
            }
        }
        qoIndptr = alloc(pool, batch.qoIndptr().length * 4L, "qo_indptr").upload(batch.qoIndptr());
        if (batch.mask() != null) {
            mask = alloc(pool, Math.max(1, batch.mask().bias().length) * 4L, "custom mask");
            maskOffsets = alloc(pool, batch.mask().offsets().length * 8L, "mask offsets").upload(batch.mask().offsets());
        } else {
            mask = alloc(pool, 4, "custom mask (unused)");
            maskOffsets = alloc(pool, 8, "mask offsets (unused)");
        }
        workspace = alloc(pool, layout.sizeBytes(), "attention workspace").upload(plan.encodeSchedule(layout));
        out = alloc(pool, Math.max(1, (long) batch.totalQoRows() * rowElements * 2), "output");
        outLse = alloc(pool, Math.max(1, (long) batch.totalQoRows() * batch.heads().numQoHeads() * 4), "output lse");
        refresh(batch);
    }

    private DeviceBuffer alloc(DeviceMemoryPool pool, long bytes, String what) {
        DeviceBuffer b = pool.allocate(Math.max(bytes, 1), what);
        owned.add(b);
        return b;
    }

    /** Copies new queries, keys, values (unless resident) and mask of the same shapes into the same buffers. */
    public void refresh(AttentionBatch data) {
        if (data.q().length != shape.q().length || data.kv().keys().length != shape.kv().keys().length
                || (data.mask() == null) != (shape.mask() == null)) {
            throw new CudaException("refresh of a device batch with data of another shape");
        }
        q.upload(data.q());
        if (resident == null) {
            k.upload(data.kv().keys());
            v.upload(data.kv().values());
        }
        if (data.mask() != null) {
            mask.upload(data.mask().bias());
        }
    }

    /** The buffers as one launch reads them. */
    AttentionOperands operands() {
        return new AttentionOperands(q, k, v, kvIndptr, kvIndices, lastPageLen, qoIndptr, mask, maskOffsets, workspace,
                out, outLse, RowLayout.tokenMajor(shape.heads().numQoHeads(), shape.heads().headDim()));
    }

    public AttentionBatch shape() {
        return shape;
    }

    public AttentionPlan plan() {
        return plan;
    }

    WorkspaceLayout layout() {
        return layout;
    }

    /** Downloads the output rows and their lse (the output is decoded from the batch's dtype). */
    public AttentionState download() {
        int rows = shape.totalQoRows();
        int heads = shape.heads().numQoHeads();
        int d = shape.heads().headDim();
        short[] o = new short[rows * heads * d];
        float[] lse = new float[rows * heads];
        out.download(o);
        outLse.download(lse);
        double[] od = new double[o.length];
        for (int i = 0; i < o.length; i++) {
            od[i] = shape.heads().dtype().decode(o[i]);
        }
        double[] ld = new double[lse.length];
        for (int i = 0; i < lse.length; i++) {
            ld[i] = lse[i];
        }
        return new AttentionState(rows, heads, d, od, ld);
    }

    /** Downloads the device's keys and values (the whole paged cache, or the ragged tensors). */
    public void downloadKv(short[] keys, short[] values) {
        k.download(keys);
        v.download(values);
    }

    @Override
    public void close() {
        owned.forEach(DeviceBuffer::close);
        owned.clear();
    }
}
