package dev.graft.conformance.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessEngineTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void streamsManyRequestsBeforeReadingAnswers() throws Exception {
        try (ProcessEngine engine = new ProcessEngine(FakeLineProtocol.command())) {
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                engine.send("(match () _ (a ((pad \"" + "x".repeat(50) + "\"))) " + i + ")");
            }
            for (int i = 0; i < n; i++) {
                assertEquals("(ok (()))", engine.receive(PATIENCE));
            }
        }
    }

    @Test
    void aCrashIsAFaultNamingTheExitStatusAndStderr() throws Exception {
        try (ProcessEngine engine = new ProcessEngine(FakeLineProtocol.command())) {
            engine.send("(match () _ (a ()) 0)");
            engine.send("crash");
            assertEquals("(ok (()))", engine.receive(PATIENCE));
            EngineFault fault = assertThrows(EngineFault.class, () -> engine.receive(PATIENCE));
            assertTrue(fault.getMessage().contains("exit status 3"), fault.getMessage());
            assertTrue(fault.getMessage().contains("fake: crashing"), fault.getMessage());
        }
    }

    @Test
    void aHangIsAFaultAfterTheTimeout() throws Exception {
        try (ProcessEngine engine = new ProcessEngine(FakeLineProtocol.command())) {
            engine.send("(match () _ (a ()) 0)");
            assertEquals("(ok (()))", engine.receive(PATIENCE));
            engine.send("hang");
            EngineFault fault = assertThrows(EngineFault.class, () -> engine.receive(Duration.ofMillis(300)));
            assertTrue(fault.getMessage().contains("no answer within 300 ms"), fault.getMessage());
        }
    }
}
