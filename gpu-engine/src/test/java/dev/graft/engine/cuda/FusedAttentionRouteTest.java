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
        assertTrue(FusedAttentionRoute.of(headDim, false).library());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 96, 512})
    void otherHeadDimsRunTheComposition(int headDim) {
        FusedAttentionRoute route = FusedAttentionRoute.of(headDim, false);
        assertFalse(route.library());
        assertTrue(route.why().contains("head dim " + headDim), route.why());
    }

    @Test
    void aMaskInputRunsTheComposition() {
        FusedAttentionRoute route = FusedAttentionRoute.of(128, true);
        assertFalse(route.library());
        assertTrue(route.why().contains("mask"), route.why());
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
        assertTrue(FusedAttentionRoute.describe(masked).getFirst().contains("cuBLAS composition, a mask input"));
    }
}
