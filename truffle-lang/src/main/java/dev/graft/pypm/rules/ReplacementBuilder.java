package dev.graft.pypm.rules;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import dev.graft.pypm.parser.ast.Keyword;
import dev.graft.pypm.parser.ast.Replacement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a rule's replacement into graph nodes, in two steps so a failure leaves the
 * graph untouched: {@link #plan} evaluates every input and attribute on the match
 * (may throw {@link NotApplicable}); {@link #build} adds the nodes and infers their
 * types with the ops' own inference (throws {@link Refused} when an op rejects its
 * inputs, after taking its nodes out again).
 */
final class ReplacementBuilder {
    private final Graph graph;
    private final OpRegistry registry;
    private final NodeNames names;

    ReplacementBuilder(Graph graph, OpRegistry registry, NodeNames names) {
        this.graph = graph;
        this.registry = registry;
        this.names = names;
    }

    /** A replacement with everything evaluated. */
    sealed interface Plan {
    }

    record Existing(Value value) implements Plan {
    }

    record Absent() implements Plan {
    }

    record NewNode(String op, List<Plan> inputs, Attributes attributes) implements Plan {
    }

    Plan plan(Replacement r, Evaluator eval) {
        return switch (r) {
            case Replacement.Input in -> {
                Value v = eval.input(in.name());
                yield v == null ? new Absent() : new Existing(v);
            }
            case Replacement.NoInput n -> new Absent();
            case Replacement.NewNode n -> {
                List<Plan> inputs = new ArrayList<>();
                n.inputs().forEach(i -> inputs.add(plan(i, eval)));
                while (!inputs.isEmpty() && inputs.getLast() instanceof Absent) {
                    inputs.removeLast();
                }
                Map<String, Attribute> attributes = new LinkedHashMap<>();
                for (Keyword k : n.attributes()) {
                    Attribute a = attribute(k.name(), eval.eval(k.value()));
                    if (a != null) {
                        attributes.put(k.name(), a);
                    }
                }
                yield new NewNode(n.op(), inputs, new Attributes(attributes));
            }
        };
    }

    /**
     * Adds the planned nodes, the root named {@code hint} and the others
     * {@code hint/Op}; returns the value replacing the match's root, typed.
     * {@code added} receives the nodes made, in order.
     */
    Value build(Plan plan, String hint, TensorType rootType, List<Node> added) {
        try {
            Value v = materialize(plan, hint, true, added);
            v.setType(Types.merge(rootType, v.type()));
            return v;
        } catch (Refused e) {
            for (int i = added.size() - 1; i >= 0; i--) {
                graph.removeNode(added.get(i));
                names.release(added.get(i).name());
            }
            added.clear();
            throw e;
        }
    }

    private Value materialize(Plan plan, String hint, boolean root, List<Node> added) {
        return switch (plan) {
            case Existing e -> e.value();
            case Absent a -> throw new Refused("the replacement is None");
            case NewNode n -> {
                List<Value> inputs = new ArrayList<>();
                for (Plan p : n.inputs()) {
                    inputs.add(p instanceof Absent ? null : materialize(p, hint, false, added));
                }
                String name = names.fresh(root ? hint : hint + "/" + n.op());
                Node node = graph.addNode(name, "", n.op(), n.attributes(), inputs,
                        List.of(graph.freshValueName(hint)));
                added.add(node);
                infer(node);
                yield node.output(0);
            }
        };
    }

    private void infer(Node node) {
        Op op = registry.find(node.domain(), node.op());
        if (op == null) {
            throw new Refused("op " + node.op() + " has no implementation");
        }
        List<TensorType> types;
        try {
            types = op.inferTypes(new Context(node));
        } catch (OpException | IllegalArgumentException e) {
            throw new Refused("new " + node.op() + " node: " + e.getMessage());
        }
        node.output(0).setType(types.getFirst());
    }

    /** Attribute values of rule expressions: integers, floats, strings, booleans (as 0/1) and lists of them. */
    private static Attribute attribute(String name, Object v) {
        return switch (v) {
            case null -> null;
            case Long l -> new Attribute.Int(l);
            case Double d -> new Attribute.Float(d.floatValue());
            case Boolean b -> new Attribute.Int(b ? 1 : 0);
            case String s -> new Attribute.Str(s);
            case List<?> list when list.stream().allMatch(Long.class::isInstance) ->
                    new Attribute.Ints(list.stream().mapToLong(Long.class::cast).toArray());
            case List<?> list when list.stream().allMatch(String.class::isInstance) ->
                    new Attribute.Strs(list.stream().map(String.class::cast).toList());
            case List<?> list when list.stream().allMatch(x -> x instanceof Long || x instanceof Double) -> {
                float[] out = new float[list.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) Values.number(list.get(i), name);
                }
                yield new Attribute.Floats(out);
            }
            default -> throw new NotApplicable("attribute " + name + " cannot hold " + Values.show(v));
        };
    }

    private record Context(Node node) implements InferenceContext {
        @Override
        public TensorType inputType(int i) {
            Value v = node.input(i);
            if (v == null || v.type() == null) {
                throw new OpException("input " + i + " has no type");
            }
            return v.type();
        }

        @Override
        public Tensor constant(int i) {
            Value v = node.input(i);
            return v == null ? null : v.constant();
        }
    }
}
