package dev.graft.pypm.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a rewrite run did: each rewrite in order, the rewrites refused (with the rule,
 * the node and why), the problems met (a rule out of fuel), the passes made, and the
 * node counts before and after.
 */
public final class RewriteReport {
    private final List<Rewrite> rewrites = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private int passes;
    private boolean fixpoint;
    private int nodesBefore;
    private int nodesAfter;

    void rewrote(Rewrite r) {
        rewrites.add(r);
    }

    void refused(String message) {
        refusals.add(message);
    }

    void problem(String message) {
        if (!problems.contains(message)) {
            problems.add(message);
        }
    }

    void finish(int passCount, boolean reachedFixpoint, int before, int after) {
        this.passes = passCount;
        this.fixpoint = reachedFixpoint;
        this.nodesBefore = before;
        this.nodesAfter = after;
    }

    public List<Rewrite> rewrites() {
        return Collections.unmodifiableList(rewrites);
    }

    public List<String> refusals() {
        return Collections.unmodifiableList(refusals);
    }

    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    public int passes() {
        return passes;
    }

    /** Whether the last pass changed nothing (false: the pass or rewrite bound stopped the run). */
    public boolean reachedFixpoint() {
        return fixpoint;
    }

    public int nodesBefore() {
        return nodesBefore;
    }

    public int nodesAfter() {
        return nodesAfter;
    }

    /** How many times each rule fired, by rule name. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        rewrites.forEach(r -> out.merge(r.rule(), 1, Integer::sum));
        return out;
    }

    /** The report as text: totals, then each rule with its count and the nodes it rewrote, then refusals and problems. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append("rewrites: ").append(rewrites.size()).append(" in ").append(passes).append(" pass(es)")
                .append(fixpoint ? "" : " (stopped by a bound before a fixpoint: rules that never settle?)")
                .append("; nodes ").append(nodesBefore).append(" -> ").append(nodesAfter).append('\n');
        Map<String, List<String>> byRule = new LinkedHashMap<>();
        rewrites.forEach(r -> byRule.computeIfAbsent(r.rule(), k -> new ArrayList<>()).add(r.node()));
        byRule.forEach((rule, nodes) -> out.append("  ").append(rule).append(": ").append(nodes.size())
                .append(" at ").append(String.join(", ", nodes)).append('\n'));
        refusals.forEach(r -> out.append("  refused: ").append(r).append('\n'));
        problems.forEach(p -> out.append("  problem: ").append(p).append('\n'));
        return out.toString();
    }
}
