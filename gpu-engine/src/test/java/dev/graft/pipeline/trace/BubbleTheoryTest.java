package dev.graft.pipeline.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.pipeline.schedule.Builtins;
import dev.graft.pipeline.schedule.Dependencies;
import dev.graft.pipeline.schedule.Schedule;
import dev.graft.pipeline.schedule.StageGraph;
import dev.graft.pipeline.schedule.TaskKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Simulated timelines of the built-in schedules against their analyses, with idealised task costs. */
class BubbleTheoryTest {

    /** The costs the analyses assume: F costs 1 and a whole backward 2; split, B and W cost 1 each. */
    private static Timeline simulate(Schedule s, boolean split) {
        return ScheduleSimulator.simulate(s, new Dependencies(StageGraph.chain(s.stages())),
                t -> t.kind() == TaskKind.F || split ? 1000 : 2000, 0);
    }

    @ParameterizedTest
    @CsvSource({"4,8", "4,32", "2,3", "8,16"})
    void flushSchedulesMatchTheoryExactly(int p, int m) {
        for (Builtins b : new Builtins[]{Builtins.GPIPE, Builtins.ONE_F_ONE_B}) {
            Schedule s = b.build(p, 1, m);
            assertEquals(s.theoryBubble().orElseThrow(), simulate(s, false).bubbleFraction(), 1e-9, s.name());
        }
    }

    @ParameterizedTest
    @CsvSource({"4,2,8", "4,2,32", "4,4,16", "2,3,8"})
    void interleavedShrinksTheBubbleByV(int p, int v, int m) {
        Schedule s = Builtins.INTERLEAVED.build(p, v, m);
        double measured = simulate(s, false).bubbleFraction();
        // Megatron's exact figure with F:B = 1:2 is ((p−1)/v) / (m + (p−1)/v); the quoted (p−1)/(m+p−1)/v is close.
        double exact = ((p - 1.0) / v) / (m + (p - 1.0) / v);
        assertEquals(exact, measured, 1e-9, "interleaved p=" + p + " v=" + v + " m=" + m);
        assertEquals(s.theoryBubble().orElseThrow(), measured, 0.35 * measured);
    }

    @ParameterizedTest
    @CsvSource({"4,8", "4,32", "3,12", "8,32"})
    void zeroBubbleBeatsOneFOneB(int p, int m) {
        double zb = simulate(Builtins.ZB_H1.build(p, 1, m), true).bubbleFraction();
        double oneF = simulate(Builtins.ONE_F_ONE_B.build(p, 1, m), false).bubbleFraction();
        double exact = (p - 1.0) / (3.0 * m + p - 1.0);
        assertEquals(exact, zb, 1e-9, "ZB-H1 p=" + p + " m=" + m + " (1F1B " + oneF + ")");
        assertTrue(zb < oneF / 2, "ZB-H1 " + zb + " against 1F1B " + oneF);
    }
}
