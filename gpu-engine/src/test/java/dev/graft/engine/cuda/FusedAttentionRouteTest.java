package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.KvDType;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.tensor.DType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which FusedAttention nodes the attention library runs on the device, and how --verbose says so. */
class FusedAttentionRouteTest {

    @ParameterizedTest
    @ValueSource(ints = {64, 128, 256})
    void theLibraryServesItsHeadDims(int headDim) {
        assertTrue(FusedAttentionRoute.of(headDim, 0).library());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 96, 512})
    void otherHeadDimsRunTheComposition(int headDim) {
        FusedAttentionRoute route = FusedAttentionRoute.of(headDim, 0);
        assertFalse(route.library());
        assertTrue(route.why().contains("head dim " + headDim), route.why());
    }

    @Test
    void aMaskGoesToTheLibraryUnlessItsHostLayoutWouldBeTooLarge() {
        FusedAttentionRoute masked = FusedAttentionRoute.of(128, 2 * 1 * 4096 * 2048);
        assertTrue(masked.library());
        assertTrue(masked.why().contains("custom mask"), masked.why());
        FusedAttentionRoute huge = FusedAttentionRoute.of(128, FusedAttentionRoute.MAX_MASK_ENTRIES + 1);
        assertFalse(huge.library());
        assertTrue(huge.why().contains("a mask of " + (FusedAttentionRoute.MAX_MASK_ENTRIES + 1) + " entries"),
                huge.why());
        assertFalse(FusedAttentionRoute.of(16, 100).library(), "the head dim decides first");
    }

    @Test
    void aMaskWhoseHeadAxisBroadcastsIsSharedElsePerHead() {
        assertEquals(1, FusedAttentionRoute.maskHeads(new int[] {7, 9}, 8));
        assertEquals(1, FusedAttentionRoute.maskHeads(new int[] {2, 1, 7, 9}, 8));
        assertEquals(8, FusedAttentionRoute.maskHeads(new int[] {8, 7, 9}, 8));
        assertEquals(8, FusedAttentionRoute.maskHeads(new int[] {1, 8, 7, 9}, 8));
    }

    @Test
    void fp32StorageGoesToFp16AndBf16StaysBf16() {
        assertEquals(KvDType.FP16, FusedAttentionRoute.libraryType(DeviceType.F32));
        assertEquals(DeviceType.F16, FusedAttentionRoute.libraryStorage(DeviceType.F32));
        assertEquals(KvDType.BF16, FusedAttentionRoute.libraryType(DeviceType.BF16));
        assertEquals(DeviceType.BF16, FusedAttentionRoute.libraryStorage(DeviceType.BF16));
        assertThrows(IllegalArgumentException.class, () -> FusedAttentionRoute.libraryType(DeviceType.I64));
    }

    @Test
    void verboseNamesEachNodeAndItsWay() {
        AttentionGraphs graphs = new AttentionGraphs(new Random(1));
        Graph small = AttentionGraphs.attentionGraph(0.25, true, graphs.random(DType.FLOAT32, 1, 2, 3, 16),
                graphs.random(DType.FLOAT32, 1, 1, 3, 16), graphs.random(DType.FLOAT32, 1, 1, 3, 16));
        Graph wide = AttentionGraphs.attentionGraph(0.125, false, graphs.random(DType.FLOAT32, 1, 2, 3, 64),
                graphs.random(DType.FLOAT32, 1, 1, 3, 64), graphs.random(DType.FLOAT32, 1, 1, 3, 64));
        Graph masked = AttentionGraphs.attentionGraph(0.125, false, graphs.random(DType.FLOAT32, 1, 2, 3, 64),
                graphs.random(DType.FLOAT32, 1, 1, 3, 64), graphs.random(DType.FLOAT32, 1, 1, 3, 64),
                graphs.random(DType.FLOAT32, 1, 1, 3, 3));
        assertEquals(List.of("node 'attn' (FusedAttention): cuBLAS composition, head dim 16 is not one the attention "
                + "library serves (64, 128, 256)"), FusedAttentionRoute.describe(small));
        assertEquals(List.of("node 'attn' (FusedAttention): attention library, batch prefill over ragged KV"),
                FusedAttentionRoute.describe(wide));
        assertEquals(List.of("node 'attn' (FusedAttention): attention library, batch prefill over ragged KV, the mask "
                + "as its custom mask (the composition where the mask exceeds 16777216 entries)"),
                FusedAttentionRoute.describe(masked));
    }
}
