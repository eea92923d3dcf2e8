package dev.graft.attention;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BadInputTest {
    private static final HeadConfig HEADS = new HeadConfig(4, 2, 64, KvDType.BF16);

    private static void refused(String expectedFragment, Executable action) {
        AttentionInputException e = assertThrows(AttentionInputException.class, action);
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void pageTablePointingOutsideTheCache() {
        PagedKvCache cache = new PagedKvCache(4, 16, HEADS);
        PageTable table = new PageTable(new int[] {0, 2}, new int[] {1, 4}, new int[] {3}, 16);
        refused("kv_indices[1] = 4 points outside the cache of 4 pages", () -> new KvSource.Paged(cache, table));
        PageTable negative = new PageTable(new int[] {0, 1}, new int[] {-1}, new int[] {3}, 16);
        refused("kv_indices[0] = -1", () -> new KvSource.Paged(cache, negative));
    }

    @Test
    void inconsistentIndptr() {
        refused("kv_indptr decreases at 2", () -> new PageTable(new int[] {0, 2, 1}, new int[] {0}, new int[] {1, 1}, 16));
        refused("kv_indptr ends at 2 but kv_indices has 3", () -> new PageTable(new int[] {0, 2}, new int[] {0, 1, 2},
                new int[] {1}, 16));
        refused("kv_indptr[0] = 1", () -> new PageTable(new int[] {1, 2}, new int[] {0}, new int[] {1}, 16));
        refused("last_page_len[0] = 17", () -> new PageTable(new int[] {0, 1}, new int[] {0}, new int[] {17}, 16));
        refused("last_page_len has 2 entries", () -> new PageTable(new int[] {0, 1}, new int[] {0}, new int[] {1, 1}, 16));
        KvSource.Paged kv = RandomBatches.paged(new Random(1), HEADS, new int[] {5, 6}, 16, 0);
        refused("qo_indptr ends at 3 but the query rows has 2", () -> new AttentionBatch(HEADS,
                AttentionVariant.DEFAULT, new int[] {0, 1, 3}, new short[2 * HEADS.qoRowElements()], kv, null));
        refused("qo_indptr describes 1 requests but the kv source 2", () -> new AttentionBatch(HEADS,
                AttentionVariant.DEFAULT, new int[] {0, 2}, new short[2 * HEADS.qoRowElements()], kv, null));
        refused("kv_indptr ends at 3", () -> new KvSource.Ragged(HEADS, new int[] {0, 3},
                new short[2 * HEADS.kvRowElements()], new short[2 * HEADS.kvRowElements()]));
    }

    @Test
    void unsupportedHeadDimsDtypesAndGroupings() {
        refused("head config: head_dim 96 is not supported (supported: 16, 32, 64, 128, 256)",
                () -> new HeadConfig(4, 2, 96, KvDType.FP16));
        refused("head_dim 8 is not supported", () -> new HeadConfig(4, 2, 8, KvDType.FP16));
        refused("head_dim 48 is not supported", () -> new HeadConfig(4, 2, 48, KvDType.BF16));
        refused("unsupported attention dtype 'fp32'", () -> KvDType.parse("fp32"));
        refused("6 query heads are not a multiple of 4 kv heads", () -> new HeadConfig(6, 4, 64, KvDType.FP16));
        KvSource.Paged kv = RandomBatches.paged(new Random(2), new HeadConfig(4, 2, 128, KvDType.BF16),
                new int[] {5}, 16, 0);
        refused("kv source has 2 heads of 128 bf16, queries expect 2 of 64 bf16", () -> new AttentionBatch(HEADS,
                AttentionVariant.DEFAULT, new int[] {0, 1}, new short[HEADS.qoRowElements()], kv, null));
    }

    @Test
    void outOfDeviceMemoryIsRefusedBeforeAnyLaunch() {
        AttentionPlan plan = AttentionPlanner.plan(new int[] {1}, new int[] {100000}, false,
                new PlanConfig(1, 1, 16, new DeviceShape(132, 4)));
        WorkspaceLayout layout = plan.workspaceLayout(HEADS);
        refused("out of device memory: batch decode needs a workspace of", () -> layout.requireFits(1024, "batch decode"));
        WorkspaceLayout tooSmall = AttentionPlan.layoutFor(1, 1, 1, HEADS);
        refused("workspace region items holds", () -> plan.encodeSchedule(tooSmall));
    }

    @Test
    void masksAndAppendsThatDoNotMatchTheBatch() {
        KvSource.Paged kv = RandomBatches.paged(new Random(3), HEADS, new int[] {5}, 16, 0);
        refused("no mask was given", () -> new AttentionBatch(HEADS, AttentionVariant.DEFAULT.withMask(MaskMode.SHARED),
                new int[] {0, 1}, new short[HEADS.qoRowElements()], kv, null));
        CustomMask wrong = CustomMask.zeros(new int[] {1}, new int[] {4}, 1);
        refused("custom mask: offset of request 1", () -> new AttentionBatch(HEADS,
                AttentionVariant.DEFAULT.withMask(MaskMode.SHARED), new int[] {0, 1},
                new short[HEADS.qoRowElements()], kv, wrong));
        refused("request 0 appends 6 tokens but its pages hold only 5", () -> new KvAppend(kv.cache(), kv.table(),
                new int[] {0, 6}, new short[6 * HEADS.kvRowElements()], new short[6 * HEADS.kvRowElements()]));
        refused("window_left must be -1 (off) or >= 0", () -> AttentionVariant.DEFAULT.withWindowLeft(-5));
    }
}
