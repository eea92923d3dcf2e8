package dev.graft.serve.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decode steps' CUDA graph bookkeeping as serve-bench drives it: paused warm-up, capturing warm-up, timed pass. */
class CapturedShapesTest {
    /** Replays {@code key} when captured, else captures it when capture applies, as DeviceSteps does. */
    private static void step(CapturedShapes<String> shapes, Object key) {
        if (shapes.replay(key) == null && shapes.applies(key)) {
            shapes.captured(key, "graph of " + key);
        }
    }

    private static void pass(CapturedShapes<String> shapes, List<Object> keys) {
        keys.forEach(k -> step(shapes, k));
    }

    @Test
    void theTimedPassAfterTheWarmUpCapturesNothing() {
        CapturedShapes<String> shapes = new CapturedShapes<>(true);
        List<Object> trace = List.of(List.of(32, 256), List.of(32, 256), List.of(32, 512), List.of(32, 512));
        shapes.pause(true);
        pass(shapes, trace);
        assertEquals("0 decode step shapes captured as CUDA graphs (0 since the last report), 0 replays", shapes.lap());
        shapes.pause(false);
        pass(shapes, trace);
        assertEquals("2 decode step shapes captured as CUDA graphs (2 since the last report), 2 replays", shapes.lap());
        pass(shapes, trace);
        assertEquals("2 decode step shapes captured as CUDA graphs (0 since the last report), 4 replays", shapes.lap());
    }

    @Test
    void pausedOrUncapturableStepsNeitherCaptureNorReplay() {
        CapturedShapes<String> shapes = new CapturedShapes<>(true);
        step(shapes, "decode");
        shapes.pause(true);
        assertFalse(shapes.applies("decode"));
        assertNull(shapes.replay("decode"));
        shapes.pause(false);
        assertEquals("graph of decode", shapes.replay("decode"));
        assertFalse(shapes.applies(null));
        shapes.refuse("a node falls back to the CPU");
        assertNull(shapes.replay("decode"));
        assertTrue(shapes.lap().endsWith("; not captured: a node falls back to the CPU"));
    }

    @Test
    void offMeansNoCapture() {
        CapturedShapes<String> shapes = new CapturedShapes<>(false);
        step(shapes, "decode");
        assertEquals(0, shapes.live());
        assertEquals("CUDA graphs off", shapes.lap());
    }

    @Test
    void aMoveRetiresEveryGraphCapturedBeforeItSoLiveGraphsStayBounded() {
        CapturedShapes<String> shapes = new CapturedShapes<>(true);
        List<Object> trace = List.of("decode 8", "decode 32", "decode 8", "decode 32");
        List<String> destroyed = new ArrayList<>();
        for (int generation = 1; generation <= 5; generation++) {
            List<String> stale = shapes.retireBefore(generation);
            assertEquals(generation == 1 ? 0 : 2, stale.size(), "generation " + generation);
            destroyed.addAll(stale);
            assertEquals(List.of(), shapes.retireBefore(generation), "a generation retires once");
            pass(shapes, trace);
            assertEquals(2, shapes.live());
            assertEquals("graph of decode 8", shapes.replay("decode 8"));
        }
        assertEquals(8, destroyed.size());
        assertEquals(8, shapes.retired());
        assertEquals("2 decode step shapes captured as CUDA graphs (10 since the last report, 8 retired as the "
                + "workspace moved), 15 replays", shapes.lap());
        assertEquals(2, shapes.removeAll().size());
        assertEquals(0, shapes.live());
    }

    @Test
    void aShapeIsCapturedOnce() {
        CapturedShapes<String> shapes = new CapturedShapes<>(true);
        shapes.captured("decode", "first");
        assertThrows(IllegalStateException.class, () -> shapes.captured("decode", "second"));
    }
}
