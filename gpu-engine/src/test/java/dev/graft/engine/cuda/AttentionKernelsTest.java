package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which prefill kernel serves what, and how the Hopper one is compiled; no GPU needed. */
class AttentionKernelsTest {
    private static final HeadConfig D128 = new HeadConfig(32, 8, 128, KvDType.BF16);

    @Test
    void theHopperKernelServesHeadDim128WithoutRopeOnComputeCapability90Only() {
        AttentionVariant everyHookButRope = AttentionVariant.DEFAULT.withCausal(true).withSoftCap(30).withAlibi(true)
                .withWindowLeft(100);
        assertTrue(AttentionKernels.hopperServes("sm_90", D128, everyHookButRope));
        assertTrue(AttentionKernels.hopperServes("sm_90", new HeadConfig(16, 1, 128, KvDType.FP16),
                AttentionVariant.DEFAULT));
        assertFalse(AttentionKernels.hopperServes("sm_90", D128, everyHookButRope.withRope(10000)));
        assertFalse(AttentionKernels.hopperServes("sm_90", new HeadConfig(8, 8, 64, KvDType.BF16),
                AttentionVariant.DEFAULT));
        assertFalse(AttentionKernels.hopperServes("sm_90", new HeadConfig(8, 8, 256, KvDType.BF16),
                AttentionVariant.DEFAULT));
        assertFalse(AttentionKernels.hopperServes("sm_80", D128, AttentionVariant.DEFAULT));
        assertFalse(AttentionKernels.hopperServes("sm_100", D128, AttentionVariant.DEFAULT));
    }

    @Test
    void theSmallHeadDimsOfTheSharedModelsRunOnTheMmaSyncKernel() {
        for (int dim : new int[] {16, 32}) {
            HeadConfig small = new HeadConfig(4, 2, dim, KvDType.FP16);
            assertFalse(AttentionKernels.hopperServes("sm_90", small, AttentionVariant.DEFAULT), "d" + dim);
            AttentionKernels.PrefillShape shape = AttentionKernels.prefillShape(dim);
            // the template copies a KV tile in whole passes of 128 / (dim / 8) rows
            assertEquals(0, shape.bk() % (128 / (dim / 8)), "d" + dim);
            assertEquals((64 * shape.mt() + 2 * shape.bk()) * (dim + 8) * 2, shape.sharedBytes(dim));
        }
    }

    @Test
    void anArchSpecificSourceCompilesForTheATargetUnderItsOwnCacheKey() {
        KernelSource plain = KernelSource.template("attention_prefill_sm90", "attention_prefill_sm90.cu")
                .define(Map.of("HEAD_DIM", 128));
        KernelSource specific = plain.forSpecificArch();
        assertTrue(specific.options("sm_90").contains("--gpu-architecture=sm_90a"));
        assertTrue(plain.options("sm_90").contains("--gpu-architecture=sm_90"));
        assertTrue(specific.define(Map.of("CAUSAL", 1)).archSpecific(), "definitions keep the target");
        KernelCache cache = new KernelCache(Path.of("unused"), "sm_90");
        assertNotEquals(cache.key(plain, "13.0"), cache.key(specific, "13.0"));
    }

    @Test
    void prefillCtasGoInGroupsOfAPowerOfTwoHeadsThatDividesTheHeads() {
        assertEquals(4, AttentionKernels.headGroup(32));
        assertEquals(2, AttentionKernels.headGroup(6));
        assertEquals(1, AttentionKernels.headGroup(3));
        HeadConfig heads = new HeadConfig(12, 4, 128, KvDType.BF16);
        int[] indptr = {0, 300};
        AttentionBatch prefill = new AttentionBatch(heads, AttentionVariant.DEFAULT, indptr,
                new short[300 * 12 * 128], new KvSource.Ragged(heads, indptr, new short[300 * 4 * 128],
                        new short[300 * 4 * 128]), null);
        // 7 items x 4 heads of a group, 3 groups: prefill_cta's (item, head) cover every pair once
        assertArrayEquals(new int[] {28, 3, 1}, AttentionKernels.attentionGrid(prefill, 7));
    }

    @Test
    void theHopperKernelsStagesFitTheSharedMemoryOfAnH100() {
        assertEquals(5 * 32768 + 1024 + 72, AttentionKernels.HopperShape.DEFAULT.sharedBytes());
        assertTrue(new AttentionKernels.HopperShape(3, false).sharedBytes() <= 232448);
        assertThrows(IllegalArgumentException.class, () -> new AttentionKernels.HopperShape(4, true));
    }
}
