package dev.graft.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MergeStatesTest {

    private static AttentionState randomState(Random rng, int rows, int heads, int dim) {
        AttentionState s = AttentionState.empty(rows, heads, dim);
        for (int i = 0; i < s.o().length; i++) {
            s.o()[i] = rng.nextGaussian();
        }
        for (int i = 0; i < s.lse().length; i++) {
            // some rows empty (the identity), others spread over a wide range
            s.lse()[i] = rng.nextInt(5) == 0 ? Double.NEGATIVE_INFINITY : rng.nextGaussian() * 20;
            if (s.lse()[i] == Double.NEGATIVE_INFINITY) {
                java.util.Arrays.fill(s.o(), i * dim, (i + 1) * dim, 0);
            }
        }
        return s;
    }

    @Property(tries = 200)
    void mergeIsAssociative(@ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int rows) {
        Random rng = new Random(seed);
        AttentionState a = randomState(rng, rows, 2, 8);
        AttentionState b = randomState(rng, rows, 2, 8);
        AttentionState c = randomState(rng, rows, 2, 8);
        AttentionState left = MergeStates.merge(MergeStates.merge(a, b), c);
        AttentionState right = MergeStates.merge(a, MergeStates.merge(b, c));
        assertArrayEquals(left.o(), right.o(), 1e-9);
        assertArrayEquals(left.lse(), right.lse(), 1e-9);
    }

    @Property(tries = 200)
    void mergeIsCommutativeAndEmptyIsItsIdentity(@ForAll long seed) {
        Random rng = new Random(seed);
        AttentionState a = randomState(rng, 3, 2, 8);
        AttentionState b = randomState(rng, 3, 2, 8);
        AttentionState ab = MergeStates.merge(a, b);
        AttentionState ba = MergeStates.merge(b, a);
        assertArrayEquals(ab.o(), ba.o(), 1e-12);
        assertArrayEquals(ab.lse(), ba.lse(), 1e-12);
        AttentionState withEmpty = MergeStates.merge(a, AttentionState.empty(3, 2, 8));
        assertArrayEquals(a.o(), withEmpty.o(), 0);
        assertArrayEquals(a.lse(), withEmpty.lse(), 0);
    }

    @Property(tries = 60)
    void mergingChunksOfTheKeysEqualsAttentionOverAllKeys(@ForAll long seed,
                                                            @ForAll @IntRange(min = 1, max = 70) int kvLen,
                                                            @ForAll @IntRange(min = 0, max = 70) int cut) {
        Random rng = new Random(seed);
        HeadConfig heads = new HeadConfig(2, 1, 64, KvDType.BF16);
        KvSource.Paged kv = RandomBatches.paged(rng, heads, new int[] {kvLen}, 16, 1);
        AttentionBatch batch = RandomBatches.batch(rng, heads, AttentionVariant.DEFAULT.withCausal(true),
                new int[] {Math.min(kvLen, 5)}, kv);
        int split = Math.min(cut, kvLen);
        int qo = batch.qoLength(0);
        AttentionState first = AttentionReference.runItem(batch, new WorkItem(0, 0, qo, 0, split, 0));
        AttentionState second = AttentionReference.runItem(batch, new WorkItem(0, 0, qo, split, kvLen, 0));
        AttentionState whole = AttentionReference.run(batch);
        AttentionState merged = MergeStates.merge(first, second);
        assertArrayEquals(whole.o(), merged.o(), 1e-9);
        for (int i = 0; i < whole.lse().length; i++) {
            assertEquals(whole.lse()[i], merged.lse()[i], 1e-9);
        }
    }
}
