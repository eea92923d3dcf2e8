package dev.graft.attention;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A schedule made on the CPU by {@link AttentionPlanner}: the work items every CTA of the
 * fixed grid picks up, and how their partial states merge into output rows. It depends
 * only on query and KV lengths and the head layout, so one plan serves every layer of a
 * model's step.
 *
 * <p>Workspace regions, in order: {@code counts} (int32: numItems, totalQoRows, read by
 * the kernels so that a fixed grid can serve a smaller plan), {@code items} (int32 {@code (numItems, 6)}: request,
 * qoStart, qoEnd, kvStart, kvEnd, partialRow or -1 for a direct item), {@code merge_indptr} (int32
 * {@code totalQoRows + 1}), {@code merge_indices} (int32 {@code partialRows}),
 * {@code partial_o} (fp32 {@code (partialRows, numQoHeads, headDim)}), {@code partial_lse}
 * (fp32 {@code (partialRows, numQoHeads)}, base 2).
 */
public record AttentionPlan(List<WorkItem> items, int[] mergeIndptr, int[] mergeIndices, int partialRows,
                            int kvChunkSize, PlanConfig config) {

    /** Int32 fields per work item in the {@code items} region. */
    public static final int ITEM_FIELDS = 6;

    public int numItems() {
        return items.size();
    }

    public int totalQoRows() {
        return mergeIndptr.length - 1;
    }

    /** Whether any output row merges more than one partial state. */
    public boolean splitsKv() {
        for (int g = 0; g < totalQoRows(); g++) {
            if (mergeIndptr[g + 1] - mergeIndptr[g] > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether any row goes through the merge; rows of {@link WorkItem#DIRECT} items have no
     * partial states (an empty merge range) and keep what their item wrote.
     */
    public boolean needsMerge() {
        return mergeIndices.length > 0;
    }

    /** Sizes this plan's workspace for the given heads, allocating nothing. */
    public WorkspaceLayout workspaceLayout(HeadConfig heads) {
        return layoutFor(numItems(), totalQoRows(), partialRows, heads);
    }

    /**
     * A layout with room for up to the given counts, for a buffer that later plans of a
     * captured CUDA graph reuse (fixed grid, fixed addresses).
     */
    public static WorkspaceLayout layoutFor(int maxItems, int maxQoRows, int maxPartialRows, HeadConfig heads) {
        return new WorkspaceLayout()
                .add("counts", 2L * Integer.BYTES)
                .add("items", (long) maxItems * ITEM_FIELDS * Integer.BYTES)
                .add("merge_indptr", (long) (maxQoRows + 1) * Integer.BYTES)
                .add("merge_indices", (long) maxPartialRows * Integer.BYTES)
                .add("partial_o", (long) maxPartialRows * heads.qoRowElements() * Float.BYTES)
                .add("partial_lse", (long) maxPartialRows * heads.numQoHeads() * Float.BYTES);
    }

    /**
     * The bytes of the integer regions ({@code counts} .. {@code merge_indices}) as placed by
     * {@code layout}, little-endian, ready to copy to the start of the device workspace.
     * Refuses a layout too small for this plan.
     */
    public ByteBuffer encodeSchedule(WorkspaceLayout layout) {
        WorkspaceLayout.Region countsRegion = layout.region("counts");
        WorkspaceLayout.Region itemsRegion = layout.region("items");
        WorkspaceLayout.Region indptrRegion = layout.region("merge_indptr");
        WorkspaceLayout.Region indicesRegion = layout.region("merge_indices");
        requireRoom(itemsRegion, (long) numItems() * ITEM_FIELDS * Integer.BYTES);
        requireRoom(indptrRegion, (long) mergeIndptr.length * Integer.BYTES);
        requireRoom(indicesRegion, (long) mergeIndices.length * Integer.BYTES);
        requireRoom(layout.region("partial_lse"), 0);
        ByteBuffer bytes = ByteBuffer.allocate((int) (indicesRegion.offset() + indicesRegion.bytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt((int) countsRegion.offset(), numItems()).putInt((int) countsRegion.offset() + 4, totalQoRows());
        bytes.position((int) itemsRegion.offset());
        for (WorkItem item : items) {
            bytes.putInt(item.request()).putInt(item.qoStart()).putInt(item.qoEnd())
                    .putInt(item.kvStart()).putInt(item.kvEnd()).putInt(item.partialRow());
        }
        bytes.position((int) indptrRegion.offset());
        for (int v : mergeIndptr) {
            bytes.putInt(v);
        }
        bytes.position((int) indicesRegion.offset());
        for (int v : mergeIndices) {
            bytes.putInt(v);
        }
        return bytes.position(0);
    }

    private static void requireRoom(WorkspaceLayout.Region region, long bytes) {
        if (region.bytes() < bytes) {
            throw new AttentionInputException("workspace region " + region.name() + " holds " + region.bytes()
                    + " bytes, the plan needs " + bytes);
        }
    }
}
