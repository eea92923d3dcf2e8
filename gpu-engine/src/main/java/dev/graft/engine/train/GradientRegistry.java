package dev.graft.engine.train;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Node;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.ops.ServiceTable;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/** Every gradient rule on the class path, keyed like {@link OpRegistry} keys ops. */
public final class GradientRegistry {
    private static volatile GradientRegistry loaded;

    private final Map<String, GradientRule> rules;

    private GradientRegistry(Map<String, GradientRule> rules) {
        this.rules = Collections.unmodifiableMap(rules);
    }

    public static GradientRegistry get() {
        GradientRegistry r = loaded;
        if (r == null) {
            synchronized (GradientRegistry.class) {
                if (loaded == null) {
                    loaded = load(GradientRegistry.class.getClassLoader());
                }
                r = loaded;
            }
        }
        return r;
    }

    static GradientRegistry load(ClassLoader loader) {
        return new GradientRegistry(ServiceTable.load(loader, GradientRule.class, GradientRuleFamily.class,
                GradientRuleFamily::rules, rule -> OpRegistry.key(rule.domain(), rule.op()),
                key -> "gradient of " + key));
    }

    /** The ops that have a rule, as {@link OpRegistry#key} names them. */
    public SortedSet<String> ops() {
        return new TreeSet<>(rules.keySet());
    }

    /** The rule for a node's op; a node without one cannot be trained through. */
    public GradientRule require(Node node) {
        GradientRule rule = rules.get(OpRegistry.key(node.domain(), node.op()));
        if (rule == null) {
            throw new UserError("no gradient rule for op '" + OpRegistry.key(node.domain(), node.op())
                    + "' at node '" + node.name() + "': it cannot be trained through");
        }
        return rule;
    }
}
