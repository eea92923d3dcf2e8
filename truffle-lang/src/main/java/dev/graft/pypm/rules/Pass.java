package dev.graft.pypm.rules;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.pypm.core.Answer;
import dev.graft.pypm.core.Substitution;
import dev.graft.pypm.core.Term;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One pass of the rule engine over a graph: visits the nodes consumers first and,
 * after each rewrite, the nodes the rewrite added and then the readers of the new
 * value (so a fused node meets the rules that refine it, and a node whose input was
 * just simplified is tried again, in the same pass). At most {@code budget} rewrites.
 */
final class Pass {
    private final Graph graph;
    private final Function<String, List<CompiledRule>> candidates;
    private final long fuel;
    private final RewriteReport report;
    private final Uses uses;
    private final GraphTerms terms = new GraphTerms();
    private final Constants constants;
    private final ReplacementBuilder builder;
    private int budget;

    Pass(Graph graph, Function<String, List<CompiledRule>> candidates, OpRegistry registry, long fuel,
         RewriteReport report, int budget) {
        this.graph = graph;
        this.candidates = candidates;
        this.fuel = fuel;
        this.report = report;
        this.budget = budget;
        this.uses = new Uses(graph);
        this.constants = new Constants(registry);
        this.builder = new ReplacementBuilder(graph, registry, new NodeNames(graph));
    }

    /** Runs the pass; whether it rewrote anything. */
    boolean run() {
        boolean changed = false;
        List<Node> order = TopologicalOrder.of(graph);
        for (int i = order.size() - 1; i >= 0 && budget > 0; i--) {
            Deque<Node> work = new ArrayDeque<>();
            work.push(order.get(i));
            while (!work.isEmpty() && budget > 0) {
                Node node = work.pop();
                if (uses.isDead(node)) {
                    continue;
                }
                Applied applied = visit(node);
                if (applied != null) {
                    changed = true;
                    budget--;
                    uses.readers(applied.replacement()).reversed().forEach(work::push);
                    applied.added().forEach(work::push);
                }
            }
        }
        return changed;
    }

    /** Whether the rewrite budget ran out (rules that never settle). */
    boolean exhaustedBudget() {
        return budget <= 0;
    }

    /** A rewrite done: the value now read in place of the root, and the nodes added (the new root last). */
    private record Applied(Value replacement, List<Node> added) {
    }

    /** Tries the rules at each output of {@code node}; the rewrite applied, or null. */
    private Applied visit(Node node) {
        for (Value v : node.outputs()) {
            for (CompiledRule c : candidates.apply(node.op())) {
                Applied applied = tryRule(c, node, v);
                if (applied != null) {
                    constants.clear();
                    return applied;
                }
            }
        }
        return null;
    }

    private Applied tryRule(CompiledRule c, Node node, Value v) {
        Answer answer = c.query().match(terms.term(v), fuel);
        switch (answer) {
            case Answer.Exhausted x -> report.problem(c.rule().describe() + " ran out of fuel (" + fuel
                    + ") at " + node.describe() + "; its recursion may not terminate");
            case Answer.Error e -> throw new IllegalStateException(c.rule().describe() + ": " + e.message());
            case Answer.Ok ok -> {
                for (Substitution s : ok.results()) {
                    Applied applied = apply(c.rule(), node, v, match(s));
                    if (applied != null) {
                        return applied;
                    }
                }
            }
        }
        return null;
    }

    private Applied apply(Rule rule, Node node, Value v, Match m) {
        Evaluator eval = new Evaluator(m, constants);
        ReplacementBuilder.Plan plan;
        try {
            if (rule.condition() != null && !eval.test(rule.condition())) {
                return null;
            }
            plan = builder.plan(rule.replacement(), eval);
        } catch (NotApplicable e) {
            return null;
        }
        if (plan instanceof ReplacementBuilder.Existing e && e.value() == v) {
            return null;
        }
        List<Node> added = new ArrayList<>();
        Value replacement;
        try {
            replacement = builder.build(plan, baseName(node) + "/" + rule.name(), v.type(), added);
        } catch (Refused e) {
            report.refused(rule.describe() + " at " + node.describe() + ": " + e.getMessage());
            return null;
        }
        added.forEach(uses::add);
        uses.replace(v, replacement);
        report.rewrote(new Rewrite(rule.name(), node.name(), added.stream().map(Node::name).toList()));
        return new Applied(replacement, added);
    }

    /** The name of the node a chain of rewrites started from: {@code node_matmul_2} for {@code node_matmul_2/attention}. */
    private static String baseName(Node n) {
        int slash = n.name().indexOf('/');
        return slash < 0 ? n.name() : n.name().substring(0, slash);
    }

    private static Match match(Substitution s) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Map.Entry<String, Term> e : s.terms().entrySet()) {
            values.put(e.getKey(), GraphTerms.valueOf(e.getValue()));
        }
        return new Match(values, s.functions());
    }
}
