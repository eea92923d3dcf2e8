package dev.graft.pypm.rules;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.pypm.CompiledQuery;
import dev.graft.pypm.Matcher;
import dev.graft.pypm.core.Answer;
import dev.graft.pypm.core.Substitution;
import dev.graft.pypm.core.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a rule set to a graph (docs/RULES.md has the strategy). A pass visits the
 * nodes consumers first (reverse topological order), so a match rooted at a later node
 * is found before any part of it is rewritten on its own; at each output value it
 * tries the rules whose pattern can have that op at its root, highest priority first; the first match (in the
 * core's result order) whose condition holds and whose replacement type-checks is
 * applied: the new nodes are added and only the matched root's readers are rewired to
 * them, so every other reader of an interior node sees what it saw. Nodes nothing
 * reads any more are dropped after the pass. Passes repeat until one changes nothing,
 * at most {@code maxPasses} times.
 */
public final class RuleEngine {
    public static final int DEFAULT_MAX_PASSES = 16;
    public static final long DEFAULT_FUEL = 10_000;

    private record Compiled(Rule rule, CompiledQuery query) {
    }

    private final List<Compiled> rules = new ArrayList<>();
    private final Map<String, List<Compiled>> byRootOp = new HashMap<>();
    private final OpRegistry registry;
    private final int maxPasses;
    private final long fuel;

    public RuleEngine(RuleSet ruleSet) {
        this(ruleSet, OpRegistry.get(), DEFAULT_MAX_PASSES, DEFAULT_FUEL);
    }

    public RuleEngine(RuleSet ruleSet, OpRegistry registry, int maxPasses, long fuel) {
        for (Rule r : ruleSet.rules()) {
            rules.add(new Compiled(r, Matcher.compile(ruleSet.definitions(), r.query())));
        }
        this.registry = registry;
        this.maxPasses = maxPasses;
        this.fuel = fuel;
    }

    /** Rewrites {@code g} in place and reports what changed. */
    public RewriteReport rewrite(Graph g) {
        RewriteReport report = new RewriteReport();
        int before = g.nodes().size();
        List<String> outputNames = g.outputs().stream().map(Value::name).toList();
        int pass = 0;
        boolean changed = true;
        while (changed && pass < maxPasses) {
            pass++;
            changed = pass(g, report);
            g.removeDeadNodes();
        }
        keepOutputNames(g, outputNames);
        report.finish(pass, !changed, before, g.nodes().size());
        return report;
    }

    /**
     * A rewritten graph output gets its old name back through an Identity node, so
     * whoever reads outputs by name (a reference file, a caller) still finds them.
     */
    private static void keepOutputNames(Graph g, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            Value out = g.outputs().get(i);
            if (!out.name().equals(names.get(i)) && g.value(names.get(i)) == null) {
                Node id = g.addNode(out.name() + "/output", "", "Identity", Attributes.NONE, List.of(out),
                        List.of(names.get(i)));
                id.output(0).setType(out.type());
                g.setOutput(i, id.output(0));
            }
        }
    }

    private boolean pass(Graph g, RewriteReport report) {
        Uses uses = new Uses(g);
        GraphTerms terms = new GraphTerms();
        Constants constants = new Constants(registry);
        NodeNames names = new NodeNames(g);
        ReplacementBuilder builder = new ReplacementBuilder(g, registry, names);
        boolean changed = false;
        for (Node node : g.topologicalOrder().reversed()) {
            if (uses.isDead(node)) {
                continue;
            }
            for (Value v : node.outputs()) {
                if (tryRules(node, v, terms, constants, builder, uses, report)) {
                    changed = true;
                    constants.clear();
                    break;
                }
            }
        }
        return changed;
    }

    private boolean tryRules(Node node, Value v, GraphTerms terms, Constants constants, ReplacementBuilder builder,
                             Uses uses, RewriteReport report) {
        for (Compiled c : candidates(node.op())) {
            Answer answer = c.query().match(terms.term(v), fuel);
            switch (answer) {
                case Answer.Exhausted x -> report.problem(c.rule().describe() + " ran out of fuel (" + fuel
                        + ") at " + node.describe() + "; its recursion may not terminate");
                case Answer.Error e -> throw new IllegalStateException(c.rule().describe() + ": " + e.message());
                case Answer.Ok ok -> {
                    for (Substitution s : ok.results()) {
                        if (apply(c.rule(), node, v, match(v, s), constants, builder, uses, report)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private boolean apply(Rule rule, Node node, Value v, Match m, Constants constants, ReplacementBuilder builder,
                          Uses uses, RewriteReport report) {
        Evaluator eval = new Evaluator(m, constants);
        ReplacementBuilder.Plan plan;
        try {
            if (rule.condition() != null && !eval.test(rule.condition())) {
                return false;
            }
            plan = builder.plan(rule.replacement(), eval);
        } catch (NotApplicable e) {
            return false;
        }
        if (plan instanceof ReplacementBuilder.Existing e && e.value() == v) {
            return false;
        }
        List<Node> added = new ArrayList<>();
        Value replacement;
        try {
            replacement = builder.build(plan, baseName(node) + "/" + rule.name(), v.type(), added);
        } catch (Refused e) {
            report.refused(rule.describe() + " at " + node.describe() + ": " + e.getMessage());
            return false;
        }
        added.forEach(uses::add);
        uses.replace(v, replacement);
        report.rewrote(new Rewrite(rule.name(), node.name(), added.stream().map(Node::name).toList()));
        return true;
    }

    /** The name of the node a chain of rewrites started from: {@code node_matmul_2} for {@code node_matmul_2/attention}. */
    private static String baseName(Node n) {
        int slash = n.name().indexOf('/');
        return slash < 0 ? n.name() : n.name().substring(0, slash);
    }

    private static Match match(Value root, Substitution s) {
        Map<String, Value> values = new LinkedHashMap<>();
        for (Map.Entry<String, Term> e : s.terms().entrySet()) {
            values.put(e.getKey(), GraphTerms.valueOf(e.getValue()));
        }
        return new Match(root, values, s.functions());
    }

    private List<Compiled> candidates(String op) {
        return byRootOp.computeIfAbsent(op, o -> rules.stream()
                .filter(c -> c.rule().rootOps() == null || c.rule().rootOps().contains(o)).toList());
    }
}
