package dev.graft.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class AttentionPlannerTest {
    private static final DeviceShape H100 = new DeviceShape(132, 4);

    @Test
    void longSingleDecodeIsSplitIntoChunksThatFillTheDevice() {
        PlanConfig config = new PlanConfig(1, 8, 16, H100);
        AttentionPlan plan = AttentionPlanner.plan(new int[] {1}, new int[] {32768}, false, config);
        int target = 132 * 4 / 8;
        assertTrue(plan.numItems() <= target && plan.numItems() > target / 2, "items " + plan.numItems());
        assertEquals(0, plan.kvChunkSize() % 16);
        assertTrue(plan.splitsKv());
    }

    @Test
    void aGivenChunkSplitsEveryRequestIntoPiecesOfThatSizeAndMustBePositive() {
        Random rng = new Random(4);
        HeadConfig heads = new HeadConfig(4, 2, 64, KvDType.BF16);
        AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, new int[] {1, 1},
                RandomBatches.paged(rng, heads, new int[] {1000, 60}, 16, 0));
        PlanConfig config = new PlanConfig(1, 2, 32, H100, true);
        AttentionPlan plan = AttentionPlanner.planWithChunk(batch, config, 64);
        assertEquals(64, plan.kvChunkSize());
        assertEquals(16 + 1, plan.numItems());
        assertTrue(plan.items().stream().allMatch(item -> item.kvEnd() - item.kvStart() <= 64));
        assertArrayEquals(AttentionReference.run(batch).o(), CpuPlanExecutor.run(batch, plan).o(), 1e-9);
        AttentionInputException e = assertThrows(AttentionInputException.class,
                () -> AttentionPlanner.planWithChunk(batch, config, 0));
        assertEquals("plan: chunk size must be positive, got 0", e.getMessage());
    }

    @Test
    void aBatchThatFillsTheDeviceAloneIsNotSplit() {
        int[] ones = new int[64];
        int[] kv = new int[64];
        java.util.Arrays.fill(ones, 1);
        java.util.Arrays.fill(kv, 4096);
        AttentionPlan plan = AttentionPlanner.plan(ones, kv, false, new PlanConfig(1, 8, 16, H100));
        assertEquals(64, plan.numItems());
        assertFalse(plan.splitsKv());
    }

    @Test
    void aSkewedBatchHasItsLongRequestsCutDownToTheOthersSize() {
        int[] kvLens = new int[64];
        int[] ones = new int[64];
        for (int r = 0; r < 64; r++) {
            kvLens[r] = Math.max(16, 16384 / (r + 1));
            ones[r] = 1;
        }
        AttentionPlan plan = AttentionPlanner.plan(ones, kvLens, false, new PlanConfig(1, 8, 32, new DeviceShape(132, 3)));
        assertTrue(plan.kvChunkSize() <= 16384 / 4, "chunk " + plan.kvChunkSize());
        assertTrue(plan.numItems() > 64);
    }

    @Test
    void aLongCausalPrefillIsNotSplitAndWritesItsOutputDirectly() {
        // 128 query heads' CTAs per item against 132 SMs: the tiles alone fill the GPU many times
        for (int[] shape : new int[][] {{4, 4096}, {1, 16384}}) {
            int[] lens = new int[shape[0]];
            java.util.Arrays.fill(lens, shape[1]);
            AttentionPlan plan = AttentionPlanner.plan(lens, lens, true,
                    new PlanConfig(128, 32, 64, new DeviceShape(132, 1), true));
            assertEquals(shape[0] * shape[1] / 128, plan.numItems());
            assertTrue(plan.items().stream().allMatch(WorkItem::direct));
            assertFalse(plan.needsMerge());
            assertEquals(0, plan.partialRows());
        }
    }

    @Test
    void onlyAnItemAloneOnItsRowsIsDirect() {
        AttentionPlan plan = AttentionPlanner.plan(new int[] {1, 1}, new int[] {32768, 64}, false,
                new PlanConfig(1, 8, 32, H100, true));
        assertTrue(plan.splitsKv());
        for (WorkItem item : plan.items()) {
            assertEquals(item.request() == 1, item.direct(), item.toString());
        }
        assertEquals(0, plan.mergeIndptr()[2] - plan.mergeIndptr()[1]);
    }

    @Test
    void causalTilesSkipKeysAfterTheirLastRow() {
        AttentionPlan plan = AttentionPlanner.plan(new int[] {128}, new int[] {128}, true,
                new PlanConfig(64, 1, 64, new DeviceShape(1, 1)));
        assertEquals(2, plan.numItems());
        // the longer item is scheduled first
        assertEquals(64, plan.items().get(0).qoStart());
        assertEquals(128, plan.items().get(0).kvEnd());
        assertEquals(0, plan.items().get(1).qoStart());
        assertEquals(64, plan.items().get(1).kvEnd());
    }

    @Property(tries = 80)
    void everyQueryRowMeetsEveryKeyExactlyOnceAndThePlanMatchesTheReference(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int batchSize,
            @ForAll @IntRange(min = 1, max = 12) int sms, @ForAll boolean causal) {
        Random rng = new Random(seed);
        int[] qoLens = new int[batchSize];
        int[] kvLens = new int[batchSize];
        for (int r = 0; r < batchSize; r++) {
            kvLens[r] = rng.nextInt(80);
            qoLens[r] = rng.nextInt(Math.max(1, kvLens[r]) + 3);
        }
        // the small head dims too: a plan is head-dim blind, the partial states are not
        HeadConfig heads = new HeadConfig(4, 2, new int[] {16, 32, 64}[rng.nextInt(3)], KvDType.FP16);
        PlanConfig config = new PlanConfig(1 + rng.nextInt(16), 2, 1 + rng.nextInt(16), new DeviceShape(sms, 2),
                rng.nextBoolean());
        KvSource.Paged kv = RandomBatches.paged(rng, heads, kvLens, new int[] {1, 16, 64}[rng.nextInt(3)], 2);
        AttentionVariant variant = AttentionVariant.DEFAULT.withCausal(causal);
        AttentionBatch batch = RandomBatches.batch(rng, heads, variant, qoLens, kv);
        AttentionPlan plan = AttentionPlanner.plan(batch, config);
        int[] qoIndptr = batch.qoIndptr();
        int[][] seen = new int[batch.totalQoRows()][];
        for (int g = 0; g < seen.length; g++) {
            seen[g] = new int[100];
        }
        for (WorkItem item : plan.items()) {
            for (int i = item.qoStart(); i < item.qoEnd(); i++) {
                for (int t = item.kvStart(); t < item.kvEnd(); t++) {
                    seen[qoIndptr[item.request()] + i][t]++;
                }
            }
        }
        for (int r = 0; r < batchSize; r++) {
            for (int i = 0; i < qoLens[r]; i++) {
                int lastVisible = causal ? kvLens[r] - qoLens[r] + i : kvLens[r] - 1;
                for (int t = 0; t < kvLens[r]; t++) {
                    int expected = t <= lastVisible ? 1 : 0;
                    // a causal tile may reach past a row's own last key, never short of it
                    if (expected == 1 || !causal) {
                        assertEquals(expected, seen[qoIndptr[r] + i][t], "row " + i + " key " + t);
                    } else {
                        assertTrue(seen[qoIndptr[r] + i][t] <= 1);
                    }
                }
            }
        }
        AttentionState expected = AttentionReference.run(batch);
        AttentionState scheduled = CpuPlanExecutor.run(batch, plan);
        assertArrayEquals(expected.o(), scheduled.o(), 1e-9);
        assertArrayEquals(expected.lse(), scheduled.lse(), 1e-9);
    }

    @Test
    void onePlanServesEveryLayer() {
        Random rng = new Random(8);
        HeadConfig heads = new HeadConfig(4, 1, 128, KvDType.BF16);
        int[] kvLens = {45, 200, 3};
        AttentionPlan plan = AttentionPlanner.plan(new int[] {1, 1, 1}, kvLens, false,
                new PlanConfig(1, 1, 16, new DeviceShape(4, 2)));
        assertTrue(plan.splitsKv());
        for (int layer = 0; layer < 3; layer++) {
            KvSource.Paged kv = RandomBatches.paged(rng, heads, kvLens, 16, layer);
            AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, new int[] {1, 1, 1}, kv);
            AttentionState expected = AttentionReference.run(batch);
            assertArrayEquals(expected.o(), CpuPlanExecutor.run(batch, plan).o(), 1e-9);
        }
    }

    @Test
    void scheduleIsEncodedWhereTheLayoutDeclaresItsRegions() {
        AttentionPlan plan = AttentionPlanner.plan(new int[] {1, 1}, new int[] {40, 7}, false,
                new PlanConfig(1, 1, 8, new DeviceShape(3, 2)));
        for (int headDim : HeadConfig.SUPPORTED_HEAD_DIMS) {
            HeadConfig heads = new HeadConfig(2, 2, headDim, KvDType.FP16);
            WorkspaceLayout layout = plan.workspaceLayout(heads);
            var bytes = plan.encodeSchedule(layout).order(ByteOrder.LITTLE_ENDIAN);
            long items = layout.region("items").offset();
            WorkItem second = plan.items().get(1);
            assertEquals(second.kvStart(), bytes.getInt((int) items + (AttentionPlan.ITEM_FIELDS + 3) * 4));
            long indptr = layout.region("merge_indptr").offset();
            assertEquals(plan.mergeIndptr()[1], bytes.getInt((int) indptr + 4));
            for (WorkspaceLayout.Region region : layout.regions()) {
                assertEquals(0, region.offset() % WorkspaceLayout.ALIGNMENT, "d" + headDim + " " + region);
            }
            assertEquals((long) plan.partialRows() * heads.qoRowElements() * 4, layout.region("partial_o").bytes());
        }
    }
}
