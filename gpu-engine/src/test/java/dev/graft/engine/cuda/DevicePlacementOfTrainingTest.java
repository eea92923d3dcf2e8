package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A CUDA worker's passes of a synth decoder step and a synth MLP step, placed as the device executor places
 * them: every node that makes a floating value has a device op, and no host node reads a
 * floating value, so the step runs with no fallbacks (the GPU check runs the passes).
 */
class DevicePlacementOfTrainingTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void decoderStepHasNoFallbacks(boolean fusedAttention) {
        assertNoFallbacks(RecordedPasses.syntheticDecoderStep(fusedAttention));
    }

    @Test
    void mlpStepHasNoFallbacks() {
        assertNoFallbacks(RecordedPasses.syntheticMlpStep());
    }

    private static void assertNoFallbacks(List<RecordedPasses.Pass> passes) {
        assertFalse(passes.isEmpty());
        var ops = DeviceOps.all();
        List<String> fallbacks = new ArrayList<>();
        for (RecordedPasses.Pass p : passes) {
            fallbacks.addAll(Placement.of(p.graph(), n -> ops.containsKey(n.op())).fallbacks());
        }
        assertEquals(List.of(), fallbacks.stream().distinct().toList());
    }
}
