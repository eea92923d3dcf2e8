package dev.graft.serve.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StepPhasesTest {
    @Test
    void meansPerKindSinceTheLastLap() {
        StepPhases phases = new StepPhases();
        phases.add(StepPhases.Kind.PREFILL, 0, 1_000_000, 5_000_000, 9_000_000);
        phases.add(StepPhases.Kind.REPLAY, 0, 200_000, 300_000, 1_300_000);
        phases.add(StepPhases.Kind.REPLAY, 0, 400_000, 500_000, 1_500_000);
        assertEquals("prefill or mixed, node by node: 1 steps, mean 1.00 ms planning, 4.00 queuing, 4.00 waiting; "
                + "decode, replayed: 2 steps, mean 0.30 ms planning, 0.10 queuing, 1.00 waiting", phases.lap());
        assertEquals("", phases.lap());
    }
}
