package dev.graft.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttentionReferenceTest {

    private static double decoded(HeadConfig heads, short[] data, long offset) {
        return heads.dtype().decode(data[(int) offset]);
    }

    @Test
    void singleKeyGivesItsValueAndLseOfTheScaledLogit() {
        Random rng = new Random(1);
        HeadConfig heads = new HeadConfig(4, 2, 64, KvDType.BF16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {1}, 16, 0);
        AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT, new int[] {1}, kv);
        AttentionState out = AttentionReference.run(batch);
        for (int h = 0; h < 4; h++) {
            int kh = h / 2;
            double dot = 0;
            for (int e = 0; e < 64; e++) {
                assertEquals(decoded(heads, kv.values(), kv.offset(0, 0, kh) + e), out.o()[h * 64 + e], 1e-12);
                dot += decoded(heads, batch.q(), h * 64 + e) * decoded(heads, kv.keys(), kv.offset(0, 0, kh) + e);
            }
            assertEquals(dot / 8 / Math.log(2), out.lse()[h], 1e-9);
        }
    }

    @Test
    void causalFirstQueryOfAFullPrefillSeesOnlyTheFirstKey() {
        Random rng = new Random(2);
        HeadConfig heads = new HeadConfig(2, 1, 64, KvDType.FP16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {5}, 1, 3);
        AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT.withCausal(true),
                new int[] {5}, kv);
        AttentionState out = AttentionReference.run(batch);
        for (int e = 0; e < 64; e++) {
            assertEquals(decoded(heads, kv.values(), kv.offset(0, 0, 0) + e), out.o()[e], 1e-12);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 64})
    void pagedAndRaggedLayoutsAgree(int pageSize) {
        Random rng = new Random(pageSize);
        HeadConfig heads = new HeadConfig(8, 2, 128, KvDType.BF16);
        int[] kvLens = {1, 17, 97, 64, 0};
        KvSource.Paged paged = RandomBatches.paged(rng, heads, kvLens, pageSize, 5);
        AttentionBatch onPages = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT.withCausal(true),
                new int[] {1, 3, 20, 64, 0}, paged);
        AttentionBatch onRagged = new AttentionBatch(heads, onPages.variant(), onPages.qoIndptr(), onPages.q(),
                RandomBatches.toRagged(paged), null);
        AttentionState a = AttentionReference.run(onPages);
        AttentionState b = AttentionReference.run(onRagged);
        assertArrayEquals(b.o(), a.o());
        assertArrayEquals(b.lse(), a.lse());
    }

    @Test
    void multiQueryAttentionEqualsEveryHeadReadingACopyOfTheOneKvHead() {
        Random rng = new Random(3);
        HeadConfig mqa = new HeadConfig(4, 1, 64, KvDType.BF16);
        KvSource.Paged kv = RandomBatches.paged(rng, mqa, new int[] {33}, 16, 0);
        AttentionBatch batch = RandomBatches.batch(rng, mqa, AttentionVariant.DEFAULT, new int[] {1}, kv);
        AttentionState shared = AttentionReference.run(batch);
        HeadConfig mha = new HeadConfig(4, 4, 64, KvDType.BF16);
        KvSource.Ragged one = RandomBatches.toRagged(kv);
        short[] k = new short[one.keys().length * 4];
        short[] v = new short[k.length];
        for (int t = 0; t < 33; t++) {
            for (int h = 0; h < 4; h++) {
                System.arraycopy(one.keys(), t * 64, k, (t * 4 + h) * 64, 64);
                System.arraycopy(one.values(), t * 64, v, (t * 4 + h) * 64, 64);
            }
        }
        AttentionState copied = AttentionReference.run(new AttentionBatch(mha, AttentionVariant.DEFAULT,
                batch.qoIndptr(), batch.q(), new KvSource.Ragged(mha, one.kvIndptr(), k, v), null));
        assertArrayEquals(copied.o(), shared.o(), 1e-12);
    }

    @Test
    void emptyRequestAndFullyMaskedRowsGiveZeroOutputAndMinusInfinityLse() {
        Random rng = new Random(4);
        HeadConfig heads = new HeadConfig(2, 2, 64, KvDType.FP16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {0, 4}, 16, 0);
        AttentionVariant window = AttentionVariant.DEFAULT.withCausal(true);
        AttentionBatch batch = RandomBatches.batch(rng, heads, window, new int[] {1, 6}, kv);
        AttentionState out = AttentionReference.run(batch);
        // request 0 has no keys; rows 0 and 1 of request 1 sit at positions -2 and -1
        for (int row : new int[] {0, 1, 2}) {
            for (int h = 0; h < 2; h++) {
                assertEquals(Double.NEGATIVE_INFINITY, out.lse()[row * 2 + h]);
            }
        }
        assertTrue(Double.isFinite(out.lse()[3 * 2]));
    }

    @Test
    void appendWritesTheNewTokensAtTheEndOfEachRequest() {
        Random rng = new Random(5);
        HeadConfig heads = new HeadConfig(2, 2, 64, KvDType.BF16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {18, 3, 16}, 16, 2);
        int[] appendIndptr = {0, 2, 5, 5};
        short[] k = RandomBatches.randomHalf(rng, heads.dtype(), 5 * heads.kvRowElements());
        short[] v = RandomBatches.randomHalf(rng, heads.dtype(), 5 * heads.kvRowElements());
        AttentionReference.appendPagedKv(new KvAppend(kv.cache(), kv.table(), appendIndptr, k, v));
        int row = heads.kvRowElements();
        int[][] expected = {{0, 16}, {0, 17}, {1, 0}, {1, 1}, {1, 2}};
        for (int n = 0; n < 5; n++) {
            int src = (int) kv.offset(expected[n][0], expected[n][1], 0);
            for (int e = 0; e < row; e++) {
                assertEquals(k[n * row + e], kv.keys()[src + e]);
                assertEquals(v[n * row + e], kv.values()[src + e]);
            }
        }
    }

    @Test
    void dtypesRoundTripAndRoundToNearestEven() {
        assertEquals(1.0f, KvDType.BF16.decode(KvDType.BF16.encode(1.0f)));
        // 1 + 2^-8 lies halfway between two bf16 values; even mantissa wins
        assertEquals(1.0f, KvDType.BF16.decode(KvDType.BF16.encode(1.0f + 0x1p-8f)));
        assertEquals(1.0f + 0x1p-7f, KvDType.BF16.decode(KvDType.BF16.encode(1.0f + 0x1p-7f + 0x1p-9f)));
        assertEquals(0.333251953125f, KvDType.FP16.decode(KvDType.FP16.encode(1f / 3)));
    }
}
