package dev.graft.serve.device;

import dev.graft.serve.CudaGraphs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA graph bookkeeping of the steps, apart from CUDA so that the CPU tests can check
 * it: which step shapes have a live captured graph, which are to be captured, whether
 * capture is on just now, and how many captures, replays and retirements there were since
 * the last {@link #lap}. A benchmark reads a lap after its warm-up and one after its timed
 * pass: a capture in the timed pass (a shape the warm-up did not see, or one whose graph was
 * retired because a buffer it reads moved) is a slow step there, so the report names it.
 *
 * <p>A decode shape is captured at its first step. A prefill or mixed shape is captured at
 * its second sighting and replayed from its third ({@link CudaGraphs#ON}); sightings count
 * while capture is paused too, since the shape did come. At most {@link #PREFILL_GRAPHS}
 * prefill graphs live at once, the oldest going first: prompts of many lengths must not
 * pile up graphs.
 *
 * <p>Every live graph was captured at the current address generation of the buffers it
 * reads; {@link #retireBefore} hands back all of them when the generation moves on, so the
 * live graphs never outnumber the shapes of one generation, however often buffers move.
 *
 * @param <G> a captured step
 */
final class CapturedShapes<G> {
    /** Most prefill or mixed graphs kept at once. */
    static final int PREFILL_GRAPHS = 4;
    /** Most prefill or mixed shapes whose sightings are counted; past it the counts start over. */
    private static final int COUNTED_SHAPES = 1024;

    private final Map<Object, G> graphs = new HashMap<>();
    private final ArrayDeque<Object> prefillOrder = new ArrayDeque<>();
    private final Map<Object, Integer> sightings = new HashMap<>();
    private final CudaGraphs mode;
    private boolean paused;
    private String uncapturable;
    private int generation;
    private int retired;
    private int lapCaptures;
    private int lapReplays;
    private int lapRetired;

    CapturedShapes(CudaGraphs mode) {
        this.mode = mode;
    }

    /** Whether a step of {@code key} (null: a step that must not be captured) may be captured or replayed now. */
    boolean applies(Object key) {
        return key != null && mode != CudaGraphs.OFF && !paused && uncapturable == null;
    }

    /** Counts a prefill or mixed step of {@code key}, paused or not. */
    void sighted(Object key) {
        if (key == null) {
            return;
        }
        if (sightings.size() >= COUNTED_SHAPES && !sightings.containsKey(key)) {
            sightings.clear();
        }
        sightings.merge(key, 1, Integer::sum);
    }

    /** Whether a step of {@code key} that has just run node by node is to be captured now. */
    boolean due(Object key, boolean decode) {
        if (!applies(key) || graphs.containsKey(key)) {
            return false;
        }
        return decode || (mode == CudaGraphs.ON && sightings.getOrDefault(key, 0) >= 2);
    }

    /** The captured graph of {@code key}, counted as a replay, or null when there is none yet. */
    G replay(Object key) {
        G g = applies(key) ? graphs.get(key) : null;
        if (g != null) {
            lapReplays++;
        }
        return g;
    }

    /** Records the graph of {@code key}; hands back the oldest prefill graph to destroy when one too many live. */
    List<G> captured(Object key, G graph, boolean decode) {
        if (graphs.putIfAbsent(key, graph) != null) {
            throw new IllegalStateException("step shape " + key + " was captured twice");
        }
        lapCaptures++;
        if (decode) {
            return List.of();
        }
        prefillOrder.addLast(key);
        return prefillOrder.size() > PREFILL_GRAPHS ? List.of(graphs.remove(prefillOrder.removeFirst())) : List.of();
    }

    /** Stops capturing for good: the model's steps cannot be captured, for the reason given. */
    void refuse(String why) {
        uncapturable = why;
    }

    /**
     * Pauses capture and replay (every step runs node by node) or resumes them. The
     * serve-bench warm-up pauses them for its first passes: then the node-by-node path has run
     * as often as the steps and the JIT has compiled it before the timed pass, as it would
     * have in a server that has been up a while.
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
        prefillOrder.clear();
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
        if (mode == CudaGraphs.OFF) {
            return "CUDA graphs off";
        }
        int prefill = prefillOrder.size();
        String line = (graphs.size() - prefill) + " decode and " + prefill + " prefill or mixed step shapes captured"
                + " as CUDA graphs (" + lapCaptures + " since the last report"
                + (lapRetired == 0 ? "" : ", " + lapRetired + " retired as the workspace moved") + "), "
                + lapReplays + " replays" + (uncapturable == null ? "" : "; not captured: " + uncapturable);
        lapCaptures = 0;
        lapReplays = 0;
        lapRetired = 0;
        return line;
    }
}
