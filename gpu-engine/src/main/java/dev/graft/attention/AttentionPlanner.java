package dev.graft.attention;

import java.util.ArrayList;
import java.util.List;

/**
 * The load-balancing scheduler: splits each request's queries into tiles and its KV into
 * chunks so that the work items fill the GPU once, with no CTA left holding a much longer
 * share than the others.
 *
 * <p>Cost model: a tile of query rows costs its effective KV length (under a causal mask
 * the keys after the tile's last row are skipped). The chunk size is the smallest
 * multiple of the kernel's KV tile for which the item count stays within the CTAs the
 * device runs at once; when the batch alone fills the GPU no KV is split, so no merge
 * work is added where it buys nothing.
 */
public final class AttentionPlanner {
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
        if (countItems(tiles, maxChunk) < target) {
            int lo = 1;
            int hi = maxChunk / align;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (countItems(tiles, mid * align) <= target) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            chunk = lo * align;
        }
        return build(tiles, qoLens, chunk, config);
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

    private static long countItems(List<int[]> tiles, int chunk) {
        long items = 0;
        for (int[] tile : tiles) {
            items += Math.max(1, (tile[3] + chunk - 1) / chunk);
        }
        return items;
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
