package dev.graft.serve.device;

import java.util.HashMap;
import java.util.Map;

/**
 * The CUDA graph bookkeeping of the decode steps, apart from CUDA so that the CPU tests can
 * check it: which step shapes have a captured graph, whether capture is on just now, and
 * how many captures and replays there were since the last {@link #lap}. A benchmark reads a
 * lap after its warm-up and one after its timed pass: a capture in the timed pass (a shape
 * the warm-up did not see, or a graph retired because a buffer it reads moved) is a slow
 * step there, so the report names it.
 *
 * @param <G> a captured step
 */
final class CapturedShapes<G> {
    private final Map<Object, G> graphs = new HashMap<>();
    private final boolean enabled;
    private boolean paused;
    private String uncapturable;
    private int lapCaptures;
    private int lapReplays;

    /** {@code enabled}: whether decode steps are captured at all (--cuda-graphs). */
    CapturedShapes(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether a step of {@code key} (null: a step that must not be captured) is to be captured or replayed now. */
    boolean applies(Object key) {
        return key != null && enabled && !paused && uncapturable == null;
    }

    /** The captured graph of {@code key}, counted as a replay, or null when there is none yet. */
    G replay(Object key) {
        G g = applies(key) ? graphs.get(key) : null;
        if (g != null) {
            lapReplays++;
        }
        return g;
    }

    void captured(Object key, G graph) {
        if (graphs.putIfAbsent(key, graph) != null) {
            throw new IllegalStateException("step shape " + key + " was captured twice");
        }
        lapCaptures++;
    }

    /** Stops capturing for good: the model's steps cannot be captured, for the reason given. */
    void refuse(String why) {
        uncapturable = why;
    }

    /**
     * Pauses capture and replay (every step runs node by node) or resumes them. The
     * serve-bench warm-up pauses them for its first passes: then the prefill path, which is
     * never captured, has run as often as the decode steps and the JIT has compiled it before
     * the timed pass, as it would have in a server that has been up a while.
     */
    void pause(boolean on) {
        paused = on;
    }

    Iterable<G> all() {
        return graphs.values();
    }

    void clear() {
        graphs.clear();
    }

    /** One line on the graphs since the previous lap; starts the next lap. */
    String lap() {
        if (!enabled) {
            return "CUDA graphs off";
        }
        String line = graphs.size() + " decode step shapes captured as CUDA graphs (" + lapCaptures + " since the last "
                + "report), " + lapReplays + " replays" + (uncapturable == null ? "" : "; not captured: " + uncapturable);
        lapCaptures = 0;
        lapReplays = 0;
        return line;
    }
}
