package dev.graft.pypm.rules;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.pypm.core.Attributes;
import dev.graft.pypm.core.Term;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph as the matcher sees it while rules rewrite it: one {@link Term} per graph
 * value, read live from the graph, so a rewrite is seen at once. The term of a node
 * output has the node's op, its inputs as children (an absent optional input in the
 * middle is a childless {@code None}), and as attributes the node's integer, string
 * and list attributes plus {@code dtype} ({@code "f32"}), {@code rank} and, when every
 * dimension is known or named, {@code shape} (integers, strings for named
 * dimensions). An output of a node with several outputs carries {@code output} (its
 * index). Graph inputs are {@code Input} and initializers {@code Initializer}, with
 * {@code name}. Floats are left out: the core has none; rule conditions read them.
 */
final class GraphTerms {
    private final Map<Value, ValueTerm> terms = new IdentityHashMap<>();

    /** The term of a value; the same object each time, so shared values are shared terms. */
    Term term(Value v) {
        return v == null ? NONE : terms.computeIfAbsent(v, ValueTerm::new);
    }

    /** The graph value behind a term this view made. */
    static Value valueOf(Term t) {
        return t instanceof ValueTerm vt ? vt.value : null;
    }

    private static final Term NONE = new Term() {
        @Override
        public String op() {
            return "None";
        }

        @Override
        public Attributes attributes() {
            return Attributes.EMPTY;
        }

        @Override
        public int arity() {
            return 0;
        }

        @Override
        public Term child(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int structuralHash() {
            return 17;
        }
    };

    /** Depth of the structural hash: deep enough to tell most unequal terms apart, shallow enough to stay fresh. */
    private static final int HASH_DEPTH = 3;

    private final class ValueTerm implements Term {
        private final Value value;
        private Object attributesKey;
        private TensorType typeKey;
        private Attributes attributes;

        ValueTerm(Value value) {
            this.value = value;
        }

        private Node producer() {
            return value.producer();
        }

        @Override
        public String op() {
            Node p = producer();
            return p != null ? p.op() : value.isInitializer() ? "Initializer" : "Input";
        }

        @Override
        public int arity() {
            Node p = producer();
            if (p == null) {
                return 0;
            }
            int n = p.inputs().size();
            while (n > 0 && p.input(n - 1) == null) {
                n--;
            }
            return n;
        }

        @Override
        public Term child(int index) {
            return term(producer().input(index));
        }

        @Override
        public Attributes attributes() {
            Node p = producer();
            Object key = p == null ? value : p.attributes();
            if (attributes == null || key != attributesKey || value.type() != typeKey) {
                attributesKey = key;
                typeKey = value.type();
                attributes = Attributes.of(build(p));
            }
            return attributes;
        }

        private Map<String, dev.graft.pypm.core.Value> build(Node p) {
            Map<String, dev.graft.pypm.core.Value> out = new LinkedHashMap<>();
            if (p == null) {
                out.put("name", dev.graft.pypm.core.Value.of(value.name()));
            } else {
                p.attributes().asMap().forEach((name, a) -> {
                    dev.graft.pypm.core.Value v = coreValue(a);
                    if (v != null) {
                        out.put(name, v);
                    }
                });
                if (p.outputs().size() > 1) {
                    out.put("output", dev.graft.pypm.core.Value.of(p.outputs().indexOf(value)));
                }
            }
            TensorType t = value.type();
            if (t != null) {
                out.put("dtype", dev.graft.pypm.core.Value.of(t.dtype().shortName()));
                out.put("rank", dev.graft.pypm.core.Value.of(t.rank()));
                List<dev.graft.pypm.core.Value> dims = new ArrayList<>();
                for (Dim d : t.shape().dims()) {
                    switch (d) {
                        case Dim.Known k -> dims.add(dev.graft.pypm.core.Value.of(k.size()));
                        case Dim.Symbol s -> dims.add(dev.graft.pypm.core.Value.of(s.name()));
                        case Dim.Unknown u -> dims = null;
                    }
                    if (dims == null) {
                        break;
                    }
                }
                if (dims != null) {
                    out.put("shape", dev.graft.pypm.core.Value.of(dims));
                }
            }
            return out;
        }

        @Override
        public int structuralHash() {
            return hash(this, HASH_DEPTH);
        }

        @Override
        public String toString() {
            return value.name();
        }
    }

    /** A hash of the top {@code depth} levels: equal terms hash equally, and it never goes stale. */
    private static int hash(Term t, int depth) {
        int h = t.op().hashCode() * 31 + t.attributes().hashCode();
        if (depth > 0) {
            for (int i = 0; i < t.arity(); i++) {
                h = h * 31 + hash(t.child(i), depth - 1);
            }
        } else {
            h = h * 31 + t.arity();
        }
        return h;
    }

    private static dev.graft.pypm.core.Value coreValue(Attribute a) {
        return switch (a) {
            case Attribute.Int i -> dev.graft.pypm.core.Value.of(i.value());
            case Attribute.Str s -> dev.graft.pypm.core.Value.of(s.value());
            case Attribute.Ints is -> {
                List<dev.graft.pypm.core.Value> out = new ArrayList<>();
                for (long x : is.values()) {
                    out.add(dev.graft.pypm.core.Value.of(x));
                }
                yield dev.graft.pypm.core.Value.of(out);
            }
            case Attribute.Strs ss -> dev.graft.pypm.core.Value.of(
                    ss.values().stream().map(dev.graft.pypm.core.Value::of).toList());
            default -> null;
        };
    }
}
