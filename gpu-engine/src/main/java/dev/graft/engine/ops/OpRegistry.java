package dev.graft.engine.ops;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Node;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * All ops on the class path, keyed by domain and name, gathered once from the
 * {@link Op} and {@link OpFamily} service lists. Adding an op never edits this
 * class: a module ships the op and names it in its services file.
 */
public final class OpRegistry {
    private static volatile OpRegistry loaded;

    private final Map<String, Op> ops;

    private OpRegistry(Map<String, Op> ops) {
        this.ops = Collections.unmodifiableMap(ops);
    }

    /** The registry of every op the class path provides. */
    public static OpRegistry get() {
        OpRegistry r = loaded;
        if (r == null) {
            synchronized (OpRegistry.class) {
                if (loaded == null) {
                    loaded = load(OpRegistry.class.getClassLoader());
                }
                r = loaded;
            }
        }
        return r;
    }

    static OpRegistry load(ClassLoader loader) {
        return new OpRegistry(ServiceTable.load(loader, Op.class, OpFamily.class, OpFamily::ops,
                op -> key(op.domain(), op.name()), key -> "op " + key));
    }

    /** {@code Op} for the standard domain, {@code domain::Op} otherwise ({@code ai.onnx} is the standard domain). */
    public static String key(String domain, String name) {
        return domain == null || domain.isEmpty() || domain.equals("ai.onnx") ? name : domain + "::" + name;
    }

    /** The op of that domain and name, or {@code null}. */
    public Op find(String domain, String name) {
        return ops.get(key(domain, name));
    }

    /** The op a node names; an unknown op is bad input, reported with the node. */
    public Op require(Node node) {
        Op op = find(node.domain(), node.op());
        if (op == null) {
            throw new UserError("unsupported op '" + key(node.domain(), node.op()) + "' at node '" + node.name() + "'");
        }
        return op;
    }

    /** Every registered op key, sorted. */
    public Collection<String> keys() {
        return ops.keySet();
    }
}
