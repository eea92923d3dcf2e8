package dev.graft.attention;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a plan on the CPU the way the GPU does: every work item gives a partial state,
 * then the partial states merge by the plan's merge layout; a direct item's state is its
 * rows' output as it stands. Tests compare it with
 * {@link AttentionReference#run}: that checks the scheduler and the merge together.
 */
public final class CpuPlanExecutor {
    private CpuPlanExecutor() {
    }

    public static AttentionState run(AttentionBatch batch, AttentionPlan plan) {
        int[] kvLens = batch.kv().kvLengths();
        HeadConfig heads = batch.heads();
        AttentionState partials = AttentionState.empty(plan.partialRows(), heads.numQoHeads(), heads.headDim());
        int[] qoIndptr = batch.qoIndptr();
        List<WorkItem> direct = new ArrayList<>();
        for (WorkItem item : plan.items()) {
            if (item.request() >= batch.batchSize() || item.qoEnd() > batch.qoLength(item.request())
                    || item.kvEnd() > kvLens[item.request()]) {
                throw new AttentionInputException("plan does not match the batch: work item " + item
                        + " exceeds its request's lengths");
            }
            if (item.direct()) {
                direct.add(item);
                continue;
            }
            AttentionState part = AttentionReference.runItem(batch, item);
            int rowElements = heads.qoRowElements();
            System.arraycopy(part.o(), 0, partials.o(), item.partialRow() * rowElements, part.o().length);
            System.arraycopy(part.lse(), 0, partials.lse(), item.partialRow() * heads.numQoHeads(),
                    part.lse().length);
        }
        if (plan.totalQoRows() != batch.totalQoRows()) {
            throw new AttentionInputException("plan covers " + plan.totalQoRows() + " query rows, the batch has "
                    + batch.totalQoRows());
        }
        AttentionState out = MergeStates.mergeIndexed(partials, plan.mergeIndptr(), plan.mergeIndices());
        for (WorkItem item : direct) {
            AttentionState part = AttentionReference.runItem(batch, item);
            int first = qoIndptr[item.request()] + item.qoStart();
            System.arraycopy(part.o(), 0, out.o(), first * heads.qoRowElements(), part.o().length);
            System.arraycopy(part.lse(), 0, out.lse(), first * heads.numQoHeads(), part.lse().length);
        }
        return out;
    }
}
