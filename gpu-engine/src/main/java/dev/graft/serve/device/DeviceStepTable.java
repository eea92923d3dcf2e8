package dev.graft.serve.device;

import dev.graft.attention.AttentionPlan;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.PageTable;
import dev.graft.attention.WorkspaceLayout;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceBuffer;
import dev.graft.serve.PagedStep;

/**
 * What the attention library's launches of one step read, on the device at addresses that
 * stay fixed for the life of the store, sized for the largest step the cache allows: the
 * page table, the query rows, the request and position of every appended row, and the
 * plan's workspace (grown, at a new address, when a plan needs more room ({@link
 * WorkspaceRoom}); {@link #generation} counts the moves, and the captured graphs that read the
 * old address are destroyed).
 */
final class DeviceStepTable implements AutoCloseable {
    private final CudaRuntime gpu;
    private final int maxTokens;
    final DeviceBuffer kvIndptr;
    final DeviceBuffer kvIndices;
    final DeviceBuffer lastPageLen;
    final DeviceBuffer qoIndptr;
    final DeviceBuffer appendRequest;
    final DeviceBuffer appendPosition;
    /** Unused by the serving variant (no custom mask), but every launch passes them. */
    final DeviceBuffer mask;
    final DeviceBuffer maskOffsets;
    private DeviceBuffer workspace;
    /** Made with the first plan, which names the heads. */
    private WorkspaceRoom room;

    DeviceStepTable(CudaRuntime gpu, int maxRequests, int maxTokens, int numPages) {
        this.gpu = gpu;
        this.maxTokens = maxTokens;
        kvIndptr = ints(maxRequests + 1, "kv_indptr");
        kvIndices = ints(numPages, "kv_indices");
        lastPageLen = ints(maxRequests, "last_page_len");
        qoIndptr = ints(maxRequests + 1, "qo_indptr");
        appendRequest = ints(maxTokens, "append requests");
        appendPosition = ints(maxTokens, "append positions");
        mask = ints(1, "custom mask (unused)");
        maskOffsets = ints(2, "mask offsets (unused)");
    }

    private DeviceBuffer ints(int n, String what) {
        return gpu.pool().allocate(Math.max(1, n) * (long) Integer.BYTES, "serving " + what);
    }

    /** Copies the step's table and rows, and the plan's schedule; waits for the stream first (the last step may still read them). */
    void upload(PagedStep step, AttentionPlan plan, HeadConfig heads) {
        gpu.stream().synchronize();
        PageTable table = step.table();
        kvIndptr.upload(table.indptr());
        if (table.indices().length > 0) {
            kvIndices.upload(table.indices());
        }
        lastPageLen.upload(table.lastPageLen());
        qoIndptr.upload(step.qoIndptr());
        int[] rows = step.qoIndptr();
        int total = rows[rows.length - 1];
        int[] request = new int[total];
        int[] position = new int[total];
        for (int r = 0; r + 1 < rows.length; r++) {
            int count = rows[r + 1] - rows[r];
            for (int n = 0; n < count; n++) {
                request[rows[r] + n] = r;
                position[rows[r] + n] = table.kvLength(r) - count + n;
            }
        }
        appendRequest.upload(request);
        appendPosition.upload(position);
        if (room == null) {
            room = new WorkspaceRoom(maxTokens, heads);
        }
        if (room.fit(plan)) {
            if (workspace != null) {
                workspace.close();
            }
            workspace = gpu.pool().allocate(room.layout().sizeBytes(), "serving attention workspace");
        }
        workspace.upload(plan.encodeSchedule(room.layout()));
    }

    DeviceBuffer workspace() {
        return workspace;
    }

    WorkspaceLayout layout() {
        return room.layout();
    }

    int generation() {
        return room == null ? 0 : room.generation();
    }

    @Override
    public void close() {
        for (DeviceBuffer b : new DeviceBuffer[] {kvIndptr, kvIndices, lastPageLen, qoIndptr, appendRequest,
            appendPosition, mask, maskOffsets, workspace}) {
            if (b != null) {
                b.close();
            }
        }
    }
}
