package dev.graft.pipeline.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ActivationMemoryTest {

    @Test
    void gpipeHoldsEveryMicrobatchAndOneFOneBAtMostPMinusD() {
        assertArrayEquals(new int[]{8, 8, 8, 8}, ActivationMemory.peakInFlight(GPipe.build(4, 8)));
        assertArrayEquals(new int[]{4, 3, 2, 1}, ActivationMemory.peakInFlight(OneFOneB.build(4, 8)));
    }

    @Test
    void zeroBubbleKeepsOneFOneBMemoryWithinP() {
        int[] peaks = ActivationMemory.peakInFlight(ZeroBubbleH1.build(4, 32));
        assertTrue(Arrays.stream(peaks).allMatch(p -> p <= 4), Arrays.toString(peaks));
    }

    @Test
    void interleavingHoldsMoreStagesInFlight() {
        int[] peaks = ActivationMemory.peakInFlight(Interleaved1F1B.build(4, 2, 8));
        // Megatron's warm-up on device 0 is 2(p−1) + (v−1)p = 10 forwards, plus the first of the steady state.
        assertArrayEquals(new int[]{11, 9, 7, 5}, peaks);
    }
}
