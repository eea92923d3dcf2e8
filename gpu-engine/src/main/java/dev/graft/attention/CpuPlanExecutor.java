package dev.graft.attention;

/**
 * Runs a plan on the CPU the way the GPU does: every work item gives a partial state,
 * then the partial states merge by the plan's merge layout. Tests compare it with
 * {@link AttentionReference#run}: that checks the scheduler and the merge together.
 */
public final class CpuPlanExecutor {
    private CpuPlanExecutor() {
    }

    public static AttentionState run(AttentionBatch batch, AttentionPlan plan) {
        int[] kvLens = batch.kv().kvLengths();
        HeadConfig heads = batch.heads();
        AttentionState partials = AttentionState.empty(plan.partialRows(), heads.numQoHeads(), heads.headDim());
        for (WorkItem item : plan.items()) {
            if (item.request() >= batch.batchSize() || item.qoEnd() > batch.qoLength(item.request())
                    || item.kvEnd() > kvLens[item.request()]) {
                throw new AttentionInputException("plan does not match the batch: work item " + item
                        + " exceeds its request's lengths");
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
        return MergeStates.mergeIndexed(partials, plan.mergeIndptr(), plan.mergeIndices());
    }
}
