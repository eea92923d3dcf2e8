package dev.graft.engine.train;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Node;
import dev.graft.engine.ops.OpRegistry;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

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
        Map<String, GradientRule> rules = new TreeMap<>();
        for (GradientRule rule : ServiceLoader.load(GradientRule.class, loader)) {
            add(rules, rule);
        }
        for (GradientRuleFamily family : ServiceLoader.load(GradientRuleFamily.class, loader)) {
            family.rules().forEach(rule -> add(rules, rule));
        }
        return new GradientRegistry(rules);
    }

    private static void add(Map<String, GradientRule> rules, GradientRule rule) {
        String key = OpRegistry.key(rule.domain(), rule.op());
        GradientRule previous = rules.putIfAbsent(key, rule);
        if (previous != null) {
            throw new IllegalStateException("gradient of " + key + " is provided twice: by "
                    + previous.getClass().getName() + " and " + rule.getClass().getName());
        }
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
