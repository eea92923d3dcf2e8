package dev.graft.pipeline.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsABuiltInSchedule() throws IOException {
        Schedule s = ZeroBubbleH1.build(3, 4);
        Path f = dir.resolve("zb.json");
        ScheduleFile.write(s, f);
        Schedule back = ScheduleFile.read(f);
        assertEquals(s.devices(), back.devices());
        assertEquals(s.stages(), back.stages());
        assertEquals(s.microbatches(), back.microbatches());
        ScheduleChecker.check(back, StageGraph.chain(3));
    }

    @Test
    void readsAHandWrittenSchedule() throws IOException {
        Schedule s = read("""
                { "name": "mine", "stages": 2, "microbatches": 2,
                  "devices": [ ["F(0,0)", "F(0,1)", "B(0,0)", "B(0,1)"],
                               ["F(1,0)", "B(1,0)", " F( 1 , 1 ) ", "B(1,1)"] ] }""");
        assertEquals("mine", s.name());
        assertEquals(Task.f(1, 1), s.devices().get(1).get(2));
        ScheduleChecker.check(s, StageGraph.chain(2));
    }

    @Test
    void rejectsMalformedJson() {
        assertError("{ \"stages\": 2, ", "not valid JSON at line 1");
    }

    @Test
    void rejectsUnknownTask() {
        assertError("""
                {"stages": 1, "microbatches": 1, "devices": [["F(0,0)", "X(0,0)"]]}""",
                "devices[0][1]: 'X(0,0)' is not a task");
    }

    @Test
    void rejectsMissingCount() {
        assertError("{\"microbatches\": 1, \"devices\": [[\"F(0,0)\"]]}", "'stages' must be a positive integer (missing)");
    }

    @Test
    void rejectsUnknownField() {
        assertError("{\"stage\": 1, \"microbatches\": 1, \"devices\": []}", "unknown field 'stage'");
    }

    @Test
    void rejectsNonArrayDeviceList() {
        assertError("{\"stages\": 1, \"microbatches\": 1, \"devices\": [\"F(0,0)\"]}", "devices[0] must be an array");
    }

    @Test
    void inconsistentFileFailsTheChecker() throws IOException {
        Schedule s = read("""
                {"stages": 2, "microbatches": 1, "devices": [["F(0,0)", "B(0,0)"], ["F(1,0)"]]}""");
        ScheduleError e = assertThrows(ScheduleError.class, () -> ScheduleChecker.check(s, StageGraph.chain(2)));
        assertTrue(e.getMessage().contains("misses 1 task: B(1,0)"), e.getMessage());
    }

    private Schedule read(String json) throws IOException {
        Path f = dir.resolve("s.json");
        Files.writeString(f, json);
        return ScheduleFile.read(f);
    }

    private void assertError(String json, String expected) {
        ScheduleError e = assertThrows(ScheduleError.class, () -> read(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("s.json").toString()), e.getMessage());
    }
}
