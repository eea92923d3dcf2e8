package dev.graft.pipeline.schedule;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleCheckerTest {

    @ParameterizedTest
    @CsvSource({"1,1", "1,5", "2,1", "2,2", "3,7", "4,4", "4,8", "4,32", "8,3", "5,16"})
    void builtInSchedulesPass(int p, int m) {
        for (Builtins b : List.of(Builtins.GPIPE, Builtins.ONE_F_ONE_B, Builtins.ZB_H1)) {
            Schedule s = b.build(p, 1, m);
            assertDoesNotThrow(() -> ScheduleChecker.check(s, StageGraph.chain(p)), s.name());
            assertEquals(p, s.deviceCount());
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "2,2,2", "2,3,4", "4,2,8", "4,2,4", "4,3,32", "3,2,9"})
    void interleavedPasses(int p, int v, int m) {
        Schedule s = Interleaved1F1B.build(p, v, m);
        assertEquals(p * v, s.stages());
        ScheduleChecker.check(s, StageGraph.chain(p * v));
        for (int stage = 0; stage < p * v; stage++) {
            assertEquals(stage % p, s.deviceOf(stage), "stage " + stage + " lives on device stage mod p");
        }
    }

    @Test
    void interleavedRejectsMicrobatchesNotMultipleOfDevices() {
        ScheduleError e = assertThrows(ScheduleError.class, () -> Interleaved1F1B.build(4, 2, 6));
        assertTrue(e.getMessage().contains("6 is not a multiple of 4"), e.getMessage());
    }

    @Test
    void oneFOneBKeepsAtMostPMinusDInFlight() {
        Schedule s = OneFOneB.build(4, 8);
        for (int d = 0; d < 4; d++) {
            int live = 0;
            int peak = 0;
            for (Task t : s.devices().get(d)) {
                live += t.kind() == TaskKind.F ? 1 : -1;
                peak = Math.max(peak, live);
            }
            assertEquals(4 - d, peak, "device " + d);
        }
    }

    @Test
    void rejectsMissingTask() {
        Schedule s = without(GPipe.build(2, 2), Task.b(1, 1));
        assertMessage(s, "misses 1 task: B(1,1)");
    }

    @Test
    void rejectsMissingWeightGradientInSplitSchedule() {
        Schedule s = without(ZeroBubbleH1.build(2, 2), Task.w(0, 1));
        assertMessage(s, "misses 1 task: W(0,1)");
    }

    @Test
    void rejectsRepeatedTask() {
        Schedule s = GPipe.build(2, 2);
        List<List<Task>> lists = mutable(s);
        lists.get(0).add(2, Task.f(0, 1));
        assertMessage(Schedule.custom("r", 2, 2, lists), "repeats F(0,1): device 0 position 1 and device 0 position 2");
    }

    @Test
    void rejectsTaskOutOfRange() {
        List<List<Task>> lists = mutable(GPipe.build(2, 2));
        lists.get(1).add(Task.f(5, 0));
        assertMessage(Schedule.custom("r", 2, 2, lists), "device 1 position 4: F(5,0) names stage 5");
        lists.get(1).set(4, Task.f(1, 9));
        assertMessage(Schedule.custom("r", 2, 2, lists), "F(1,9) names microbatch 9");
    }

    @Test
    void rejectsStageSplitAcrossDevices() {
        List<List<Task>> lists = mutable(GPipe.build(2, 1));
        lists.get(0).remove(Task.b(0, 0));
        lists.get(1).add(Task.b(0, 0));
        assertMessage(Schedule.custom("r", 2, 1, lists),
                "splits stage 0 across devices: F(0,0) on device 0 and B(0,0) on device 1");
    }

    @Test
    void rejectsBackwardBeforeForwardOnOneDevice() {
        List<List<Task>> lists = mutable(GPipe.build(2, 2));
        lists.get(1).remove(Task.b(1, 0));
        lists.get(1).add(0, Task.b(1, 0));
        assertMessage(Schedule.custom("r", 2, 2, lists), "breaks a dependency: B(1,0) comes before F(1,0) on device 1");
    }

    @Test
    void rejectsCrossDeviceDeadlock() {
        List<List<Task>> lists = List.of(
                List.of(Task.f(0, 0), Task.b(0, 0), Task.f(0, 1), Task.b(0, 1)),
                List.of(Task.f(1, 1), Task.b(1, 1), Task.f(1, 0), Task.b(1, 0)));
        assertMessage(Schedule.custom("dl", 2, 2, lists),
                "deadlocks: device 0 waits at B(0,0) for B(1,0) (device 1); device 1 waits at F(1,1) for F(0,1) (device 0)");
    }

    @Test
    void rejectsStageCountThatDiffersFromTheModel() {
        assertMessage(GPipe.build(3, 2), StageGraph.chain(4), "has 3 stages but the model is cut into 4");
    }

    @Test
    void skipConnectionsAddDependencies() {
        // Stage 2 also reads stage 0, so B(0,m) must wait for B(2,m) as well as B(1,m).
        StageGraph skip = new StageGraph(List.of(Set.of(), Set.of(0), Set.of(0, 1)));
        assertEquals(List.of(Task.f(0, 0), Task.b(1, 0), Task.b(2, 0)),
                new Dependencies(skip).of(Task.b(0, 0)));
        ScheduleChecker.check(OneFOneB.build(3, 5), skip);
    }

    private static void assertMessage(Schedule s, String expected) {
        assertMessage(s, StageGraph.chain(s.stages()), expected);
    }

    private static void assertMessage(Schedule s, StageGraph graph, String expected) {
        ScheduleError e = assertThrows(ScheduleError.class, () -> ScheduleChecker.check(s, graph));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line");
    }

    private static Schedule without(Schedule s, Task gone) {
        List<List<Task>> lists = mutable(s);
        lists.forEach(l -> l.remove(gone));
        return Schedule.custom(s.name(), s.stages(), s.microbatches(), lists);
    }

    private static List<List<Task>> mutable(Schedule s) {
        List<List<Task>> lists = new ArrayList<>();
        s.devices().forEach(l -> lists.add(new ArrayList<>(l)));
        return lists;
    }
}
