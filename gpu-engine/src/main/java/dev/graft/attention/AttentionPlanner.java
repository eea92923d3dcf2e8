package dev.graft.attention;

import java.util.ArrayList;
import java.util.List;

/**
 * The load-balancing scheduler: splits each request's queries into tiles and its KV into
 * chunks so that the work items fill the GPU once, with no CTA left holding a much longer
 * share than the others.
 *
 * <p>Cost model: a tile of query rows costs its effective KV length (under a causal mask
 * the keys after the tile's last row are skipped). Each work item also costs a fixed
 * {@link #ITEM_OVERHEAD}, and each of its rows that goes through the merge (a split row,
 * or any row of a kernel that writes only partial states) {@link #MERGED_ROW_COST} more.
 * The GPU hands items, longest first, to whichever of its {@code concurrentCtas /
 * ctasPerItem} slots frees first; the planner simulates that, and the time is when the
 * last slot is done. The planner
 * picks the chunk size (a multiple of the kernel's KV tile) with the least estimated time:
 * a long request is cut so that its pieces fill the idle multiprocessors, a skewed batch
 * has its long requests cut down to the others' size, and a batch that fills the GPU
 * evenly, as a long causal prefill does, is not split at all.
 */
public final class AttentionPlanner {
    /** Fixed cost of one work item, in tokens of KV read (measured order of magnitude on H100). */
    static final int ITEM_OVERHEAD = 64;
    /**
     * Cost of one row (all its heads of the CTA) written as a partial state and read back by
     * the merge, in tokens of the same CTA: about 2 on H100 for both kernels (decode: 4 fp32
     * rows of 128 against 2 KB of KV per token; prefill: 1 KB against a 128-row tile's
     * tensor-core time per key).
     */
    static final int MERGED_ROW_COST = 2;

    private AttentionPlanner() {
    }

    public static AttentionPlan plan(int[] qoLens, int[] kvLens, boolean causal, PlanConfig config) {
        if (qoLens.length != kvLens.length) {
            throw new AttentionInputException("plan: " + qoLens.length + " query lengths but " + kvLens.length
                    + " kv lengths");
        }
        for (int r = 0; r < qoLens.length; r++) {
            if (qoLens[r] < 0 || kvLens[r] < 0) {
                throw new AttentionInputException("plan: negative length for request " + r);
            }
        }
        List<int[]> tiles = tiles(qoLens, kvLens, causal, config.qoTile());
        int target = Math.max(1, config.device().concurrentCtas() / config.ctasPerItem());
        int align = config.kvChunkAlign();
        int longest = 0;
        for (int[] tile : tiles) {
            longest = Math.max(longest, tile[3]);
        }
        int maxChunk = Math.max(align, roundUp(longest, align));
        int chunk = maxChunk;
        double bestCost = cost(tiles, maxChunk, target, config.directOutput());
        for (int k = 2; k <= 4 * target; k++) {
            int candidate = roundUp((maxChunk + k - 1) / k, align);
            double c = cost(tiles, candidate, target, config.directOutput());
            if (c < bestCost) {
                bestCost = c;
                chunk = candidate;
            }
            if (candidate == align) {
                break;
            }
        }
        return build(tiles, qoLens, chunk, config);
    }

    /**
     * The plan with a KV chunk size given instead of the cost model's choice: for measuring
     * the model against other splits.
     */
    public static AttentionPlan planWithChunk(AttentionBatch batch, PlanConfig config, int chunk) {
        if (chunk <= 0) {
            throw new AttentionInputException("plan: chunk size must be positive, got " + chunk);
        }
        List<int[]> tiles = tiles(batch.qoLengths(), batch.kv().kvLengths(), batch.variant().causal(), config.qoTile());
        return build(tiles, batch.qoLengths(), chunk, config);
    }

    /** The plan for one call, taking its lengths and mask from the batch. */
    public static AttentionPlan plan(AttentionBatch batch, PlanConfig config) {
        return plan(batch.qoLengths(), batch.kv().kvLengths(), batch.variant().causal(), config);
    }

    /** Tiles as {request, qoStart, qoEnd, effectiveKvLength}. */
    private static List<int[]> tiles(int[] qoLens, int[] kvLens, boolean causal, int qoTile) {
        List<int[]> tiles = new ArrayList<>();
        for (int r = 0; r < qoLens.length; r++) {
            for (int start = 0; start < qoLens[r]; start += qoTile) {
                int end = Math.min(qoLens[r], start + qoTile);
                int effective = causal ? Math.clamp((long) kvLens[r] - qoLens[r] + end, 0, kvLens[r]) : kvLens[r];
                tiles.add(new int[] {r, start, end, effective});
            }
        }
        return tiles;
    }

    /**
     * Estimated time of a chunk size, in tokens of one slot: the items, longest first, each
     * handed to the slot that frees first (the kernels launch them in that order, a work
     * item's CTAs side by side), and the time is when the last slot is done. Tiles that stay
     * whole write their output directly when the kernel can, and skip the merge.
     */
    private static double cost(List<int[]> tiles, int chunk, int slots, boolean directOutput) {
        // items as (cost, count) groups: a tile's full chunks, then its last piece
        List<double[]> groups = new ArrayList<>(2 * tiles.size());
        for (int[] tile : tiles) {
            int pieces = Math.max(1, (tile[3] + chunk - 1) / chunk);
            boolean merged = pieces > 1 || !directOutput;
            int perItem = ITEM_OVERHEAD + (merged ? MERGED_ROW_COST * (tile[2] - tile[1]) : 0);
            if (pieces > 1) {
                groups.add(new double[] {chunk + perItem, pieces - 1});
            }
            groups.add(new double[] {tile[3] - (double) (pieces - 1) * chunk + perItem, 1});
        }
        groups.sort((a, b) -> Double.compare(b[0], a[0]));
        SlotHeap free = new SlotHeap(slots);
        for (double[] group : groups) {
            for (long n = (long) group[1]; n > 0; n--) {
                free.addToFirst(group[0]);
            }
        }
        return free.makespan();
    }

    /** The slots' busy times as a binary min-heap: the root is the slot that frees first. */
    private static final class SlotHeap {
        private final double[] time;

        SlotHeap(int slots) {
            time = new double[slots];
        }

        void addToFirst(double cost) {
            time[0] += cost;
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= time.length) {
                    return;
                }
                if (child + 1 < time.length && time[child + 1] < time[child]) {
                    child++;
                }
                if (time[i] <= time[child]) {
                    return;
                }
                double t = time[i];
                time[i] = time[child];
                time[child] = t;
                i = child;
            }
        }

        double makespan() {
            double max = 0;
            for (double t : time) {
                max = Math.max(max, t);
            }
            return max;
        }
    }

    private static AttentionPlan build(List<int[]> tiles, int[] qoLens, int chunk, PlanConfig config) {
        int[] qoIndptr = Indptr.fromLengths(qoLens);
        int totalQo = qoIndptr[qoLens.length];
        List<WorkItem> items = new ArrayList<>();
        List<List<Integer>> partialsOfRow = new ArrayList<>(totalQo);
        for (int g = 0; g < totalQo; g++) {
            partialsOfRow.add(new ArrayList<>(1));
        }
        int partialRow = 0;
        for (int[] tile : tiles) {
            int r = tile[0];
            int effective = tile[3];
            if (config.directOutput() && effective <= chunk) {
                items.add(new WorkItem(r, tile[1], tile[2], 0, effective, WorkItem.DIRECT));
                continue;
            }
            int kvStart = 0;
            do {
                int kvEnd = Math.min(effective, kvStart + chunk);
                items.add(new WorkItem(r, tile[1], tile[2], kvStart, kvEnd, partialRow));
                for (int i = tile[1]; i < tile[2]; i++) {
                    partialsOfRow.get(qoIndptr[r] + i).add(partialRow + i - tile[1]);
                }
                partialRow += tile[2] - tile[1];
                kvStart = kvEnd;
            } while (kvStart < effective);
        }
        // Longest first: the GPU hands out CTAs roughly in grid order, so the expensive
        // items start early and the cheap ones fill the tail.
        items.sort(java.util.Comparator.comparingLong(
                (WorkItem item) -> (long) item.qoRows() * (item.kvEnd() - item.kvStart())).reversed());
        int[] mergeIndptr = new int[totalQo + 1];
        int[] mergeIndices = new int[partialRow];
        int n = 0;
        for (int g = 0; g < totalQo; g++) {
            for (int p : partialsOfRow.get(g)) {
                mergeIndices[n++] = p;
            }
            mergeIndptr[g + 1] = n;
        }
        return new AttentionPlan(List.copyOf(items), mergeIndptr, mergeIndices, partialRow, chunk, config);
    }

    private static int roundUp(int value, int multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }
}
