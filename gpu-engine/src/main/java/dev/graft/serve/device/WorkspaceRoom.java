package dev.graft.serve.device;

import dev.graft.attention.AttentionPlan;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.WorkspaceLayout;

/**
 * How much room the serving attention workspace has, and when it must move. Captured
 * graphs read the workspace at its address, so every move retires them ({@link
 * #generation} counts the moves) and the next decode step of each shape is captured
 * again. So the room never shrinks: twice the most items and partial rows any plan has
 * needed, and rows for the largest step. Prefill plans (many partial rows) and decode plans
 * (many items) need room of different kinds; once each kind has been seen, neither moves
 * it again, and a warm-up pass of a trace leaves room for the same trace timed.
 */
final class WorkspaceRoom {
    private final int maxTokens;
    private final HeadConfig heads;
    private WorkspaceLayout layout;
    private int generation;
    private int mostItems;
    private int mostPartialRows;

    /** {@code maxTokens}: the most query rows a step may have (the token budget). */
    WorkspaceRoom(int maxTokens, HeadConfig heads) {
        this.maxTokens = maxTokens;
        this.heads = heads;
    }

    /** Makes room for {@code plan}; true when the layout grew, so the workspace must be allocated anew. */
    boolean fit(AttentionPlan plan) {
        mostItems = Math.max(mostItems, plan.numItems());
        mostPartialRows = Math.max(mostPartialRows, plan.partialRows());
        if (layout != null && fits(plan.workspaceLayout(heads))) {
            return false;
        }
        layout = AttentionPlan.layoutFor(2 * Math.max(64, mostItems), Math.max(maxTokens, plan.totalQoRows()),
                2 * Math.max(64, mostPartialRows), heads);
        generation++;
        return true;
    }

    private boolean fits(WorkspaceLayout needed) {
        for (WorkspaceLayout.Region r : needed.regions()) {
            if (layout.region(r.name()).bytes() < r.bytes()) {
                return false;
            }
        }
        return true;
    }

    /** The current layout; null before the first plan. */
    WorkspaceLayout layout() {
        return layout;
    }

    /** How many times the layout has grown: a captured step is valid while this stays the same. */
    int generation() {
        return generation;
    }
}
