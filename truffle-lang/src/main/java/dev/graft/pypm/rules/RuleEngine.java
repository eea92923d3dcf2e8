package dev.graft.pypm.rules;

import com.oracle.truffle.api.TruffleLanguage;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.pypm.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a rule set to a graph (docs/RULES.md has the strategy). A {@link Pass}
 * visits the nodes consumers first (reverse topological order), so a match rooted at
 * a later node is found before any part of it is rewritten on its own; at each output
 * value it tries the rules whose pattern can have that op at its root, highest
 * priority first; the first match (in the core's result order) whose condition holds
 * and whose replacement type-checks is applied: the new nodes are added and only the
 * matched root's readers are rewired to them, so every other reader of an interior
 * node sees what it saw. Nodes nothing reads any more are dropped after the pass.
 * Passes repeat until one changes nothing, at most {@code maxPasses} times.
 */
public final class RuleEngine {
    public static final int DEFAULT_MAX_PASSES = 16;
    public static final long DEFAULT_FUEL = 10_000;

    private final List<CompiledRule> rules = new ArrayList<>();
    private final Map<String, List<CompiledRule>> byRootOp = new HashMap<>();
    private final OpRegistry registry;
    private final int maxPasses;
    private final long fuel;

    public RuleEngine(RuleSet ruleSet) {
        this(ruleSet, null, OpRegistry.get(), DEFAULT_MAX_PASSES, DEFAULT_FUEL);
    }

    /** An engine whose matcher nodes belong to {@code language} (a polyglot context's pypm instance). */
    public RuleEngine(RuleSet ruleSet, TruffleLanguage<?> language) {
        this(ruleSet, language, OpRegistry.get(), DEFAULT_MAX_PASSES, DEFAULT_FUEL);
    }

    public RuleEngine(RuleSet ruleSet, TruffleLanguage<?> language, OpRegistry registry, int maxPasses, long fuel) {
        for (Rule r : ruleSet.rules()) {
            rules.add(new CompiledRule(r, Matcher.compile(language, ruleSet.definitions(), r.query())));
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
        boolean bounded = false;
        while (changed && !bounded && pass < maxPasses) {
            pass++;
            // A pass may rewrite each node a few times over (fused, then refined); more means rules that never settle.
            Pass p = new Pass(g, this::candidates, registry, fuel, report, 4 * g.nodes().size() + 64);
            changed = p.run();
            bounded = p.exhaustedBudget();
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

    private List<CompiledRule> candidates(String op) {
        return byRootOp.computeIfAbsent(op, o -> rules.stream()
                .filter(c -> c.rule().rootOps() == null || c.rule().rootOps().contains(o)).toList());
    }
}
