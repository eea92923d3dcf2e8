package dev.graft.serve.device;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA graph bookkeeping of the decode steps, apart from CUDA so that the CPU tests can
 * check it: which step shapes have a live captured graph, whether capture is on just now,
 * and how many captures, replays and retirements there were since the last {@link #lap}. A
 * benchmark reads a lap after its warm-up and one after its timed pass: a capture in the
 * timed pass (a shape the warm-up did not see, or one whose graph was retired because a
 * buffer it reads moved) is a slow step there, so the report names it.
 *
 * <p>Every live graph was captured at the current address generation of the buffers it
 * reads; {@link #retireBefore} hands back all of them when the generation moves on, so the
 * live graphs never outnumber the shapes of one generation, however often buffers move.
 *
 * @param <G> a captured step
 */
final class CapturedShapes<G> {
    private final Map<Object, G> graphs = new HashMap<>();
    private final boolean enabled;
    private boolean paused;
    private String uncapturable;
    private int generation;
    private int retired;
    private int lapCaptures;
    private int lapReplays;
    private int lapRetired;

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

    /**
     * Forgets every graph captured before address generation {@code current} (all live
     * graphs, when it differs from theirs) and hands them back to be destroyed; the next
     * step of each shape captures anew.
     */
    List<G> retireBefore(int current) {
        if (current == generation) {
            return List.of();
        }
        generation = current;
        List<G> stale = removeAll();
        retired += stale.size();
        lapRetired += stale.size();
        return stale;
    }

    /** Forgets every graph and hands them back to be destroyed. */
    List<G> removeAll() {
        List<G> all = new ArrayList<>(graphs.values());
        graphs.clear();
        return all;
    }

    /** Graphs captured and not yet retired. */
    int live() {
        return graphs.size();
    }

    /** Graphs retired so far because the buffers they read moved. */
    int retired() {
        return retired;
    }

    /** One line on the graphs since the previous lap; starts the next lap. */
    String lap() {
        if (!enabled) {
            return "CUDA graphs off";
        }
        String line = graphs.size() + " decode step shapes captured as CUDA graphs (" + lapCaptures + " since the last "
                + "report" + (lapRetired == 0 ? "" : ", " + lapRetired + " retired as the workspace moved") + "), "
                + lapReplays + " replays" + (uncapturable == null ? "" : "; not captured: " + uncapturable);
        lapCaptures = 0;
        lapReplays = 0;
        lapRetired = 0;
        return line;
    }
}
