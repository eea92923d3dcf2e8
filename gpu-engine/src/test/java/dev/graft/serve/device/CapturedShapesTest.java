package dev.graft.serve.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.serve.CudaGraphs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps' CUDA graph bookkeeping as serve-bench drives it: paused warm-up, capturing warm-up, timed pass. */
class CapturedShapesTest {
    /** Replays {@code key} when captured, else captures it when due, as DeviceSteps does; returns the graphs to destroy. */
    private static List<String> step(CapturedShapes<String> shapes, Object key, boolean decode) {
        if (!decode) {
            shapes.sighted(key);
        }
        if (shapes.replay(key) == null && shapes.due(key, decode)) {
            return shapes.captured(key, "graph of " + key, decode);
        }
        return List.of();
    }

    private static void step(CapturedShapes<String> shapes, Object key) {
        step(shapes, key, true);
    }

    private static void pass(CapturedShapes<String> shapes, List<Object> keys) {
        keys.forEach(k -> step(shapes, k));
    }

    @Test
    void theTimedPassAfterTheWarmUpCapturesNothing() {
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.ON);
        List<Object> trace = List.of(List.of(32, 256), List.of(32, 256), List.of(32, 512), List.of(32, 512));
        shapes.pause(true);
        pass(shapes, trace);
        assertEquals("0 decode and 0 prefill or mixed step shapes captured as CUDA graphs (0 since the last report), 0 replays", shapes.lap());
        shapes.pause(false);
        pass(shapes, trace);
        assertEquals("2 decode and 0 prefill or mixed step shapes captured as CUDA graphs (2 since the last report), 2 replays", shapes.lap());
        pass(shapes, trace);
        assertEquals("2 decode and 0 prefill or mixed step shapes captured as CUDA graphs (0 since the last report), 4 replays", shapes.lap());
    }

    @Test
    void pausedOrUncapturableStepsNeitherCaptureNorReplay() {
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.ON);
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
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.OFF);
        step(shapes, "decode");
        assertEquals(0, shapes.live());
        assertEquals("CUDA graphs off", shapes.lap());
    }

    @Test
    void aMoveRetiresEveryGraphCapturedBeforeItSoLiveGraphsStayBounded() {
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.ON);
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
        assertEquals("2 decode and 0 prefill or mixed step shapes captured as CUDA graphs (10 since the last report,"
                + " 8 retired as the workspace moved), 15 replays", shapes.lap());
        assertEquals(2, shapes.removeAll().size());
        assertEquals(0, shapes.live());
    }

    @Test
    void aShapeIsCapturedOnce() {
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.ON);
        shapes.captured("decode", "first", true);
        assertThrows(IllegalStateException.class, () -> shapes.captured("decode", "second", true));
    }

    @Test
    void aPrefillShapeIsCapturedAtItsSecondStepAndReplayedFromItsThirdPausedStepsCounting() {
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.ON);
        shapes.pause(true);
        step(shapes, "prefill 4096", false);
        shapes.pause(false);
        assertEquals(List.of(), step(shapes, "prefill 4096", false));
        assertEquals(1, shapes.live(), "captured at the second sighting, the first one paused");
        assertEquals("graph of prefill 4096", shapes.replay("prefill 4096"));
        step(shapes, "prefill 100", false);
        assertEquals(1, shapes.live(), "a shape seen once is not captured");
        assertEquals("0 decode and 1 prefill or mixed step shapes captured as CUDA graphs (1 since the last report), "
                + "1 replays", shapes.lap());
    }

    @Test
    void decodeModeCapturesNoPrefillShape() {
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.DECODE);
        for (int i = 0; i < 3; i++) {
            step(shapes, "prefill 4096", false);
            step(shapes, "decode 32", true);
        }
        assertEquals(1, shapes.live());
        assertNull(shapes.replay("prefill 4096"));
        assertEquals("graph of decode 32", shapes.replay("decode 32"));
    }

    @Test
    void prefillGraphsAreBoundedOldestFirstDecodeGraphsKept() {
        CapturedShapes<String> shapes = new CapturedShapes<>(CudaGraphs.ON);
        step(shapes, "decode 32", true);
        List<String> destroyed = new ArrayList<>();
        int lengths = CapturedShapes.PREFILL_GRAPHS + 2;
        for (int round = 0; round < 2; round++) {
            for (int n = 0; n < lengths; n++) {
                destroyed.addAll(step(shapes, "prefill " + n, false));
            }
        }
        assertEquals(List.of("graph of prefill 0", "graph of prefill 1"), destroyed);
        assertEquals(1 + CapturedShapes.PREFILL_GRAPHS, shapes.live());
        assertEquals("graph of decode 32", shapes.replay("decode 32"));
        assertNull(shapes.replay("prefill 0"));
        assertEquals("graph of prefill " + (lengths - 1), shapes.replay("prefill " + (lengths - 1)));
    }
}
