package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation of a list of nodes (topological order) in two
 * halves, so that a pipeline can run them as separate tasks: {@link
 * #backwardInputs} walks the nodes backwards computing the gradients of
 * activations only, and keeps the output gradients of the nodes that read
 * parameters; {@link #backwardWeights} later turns those into parameter
 * gradients. Running both back to back is the ordinary backward pass.
 *
 * <p>Only floating values that depend on a parameter or on a differentiable
 * input get a gradient; indices, masks and shapes never do, so ops that only
 * compute those (Shape, Equal, Range, ...) need no gradient rule.
 */
public final class Differentiator {
    private final List<Node> nodes;
    private final Set<String> parameters;
    private final Set<String> differentiable = new HashSet<>();
    private final GradientRegistry rules = GradientRegistry.get();

    /**
     * @param nodes       the nodes, in topological order
     * @param parameters  names of the trainable values the nodes read
     * @param inputs      names of non-parameter inputs whose gradients are wanted (activations from an
     *                    earlier stage); integer ones are ignored
     */
    public Differentiator(List<Node> nodes, Set<String> parameters, Set<String> inputs) {
        this.nodes = List.copyOf(nodes);
        this.parameters = Set.copyOf(parameters);
        Map<String, Value> read = new HashMap<>();
        nodes.forEach(n -> n.inputs().forEach(v -> {
            if (v != null) {
                read.put(v.name(), v);
            }
        }));
        differentiable.addAll(parameters);
        inputs.stream().filter(name -> read.containsKey(name) && floating(read.get(name))).forEach(differentiable::add);
        for (Node n : nodes) {
            if (n.inputs().stream().anyMatch(v -> v != null && differentiable.contains(v.name()))) {
                n.outputs().stream().filter(Differentiator::floating).forEach(v -> differentiable.add(v.name()));
            }
        }
        nodes.stream().filter(n -> n.outputs().stream().anyMatch(v -> differentiable.contains(v.name())))
                .forEach(rules::require);
    }

    /** Whether a value can carry a gradient; an untyped value is assumed to. */
    private static boolean floating(Value v) {
        return v.type() == null || v.type().dtype().isFloating();
    }

    /** The output gradients of the parameter-reading nodes, waiting for {@link #backwardWeights}. */
    public record Pending(Map<Node, List<Tensor>> outputGrads) {
    }

    /**
     * Walks the nodes backwards from {@code grads} (value name → gradient, seeded
     * with the gradients of the outputs), adding the gradient of every
     * differentiable non-parameter value to {@code grads}.
     */
    public Pending backwardInputs(Map<String, Tensor> values, Map<String, Tensor> grads) {
        Map<Node, List<Tensor>> pending = new LinkedHashMap<>();
        for (Node node : nodes.reversed()) {
            List<Tensor> outGrads = outputGrads(node, grads);
            if (outGrads == null) {
                continue;
            }
            boolean[] wanted = new boolean[node.inputs().size()];
            boolean readsParameter = false;
            for (int i = 0; i < wanted.length; i++) {
                Value in = node.input(i);
                boolean param = in != null && parameters.contains(in.name());
                readsParameter |= param;
                wanted[i] = in != null && !param && differentiable.contains(in.name());
            }
            if (readsParameter) {
                pending.put(node, outGrads);
            }
            if (any(wanted)) {
                accumulate(node, apply(node, values, outGrads, wanted), wanted, grads);
            }
        }
        return new Pending(pending);
    }

    /** Adds the parameter gradients of the pending nodes to {@code parameterGrads}. */
    public void backwardWeights(Map<String, Tensor> values, Pending pending, Map<String, Tensor> parameterGrads) {
        pending.outputGrads().forEach((node, outGrads) -> {
            boolean[] wanted = new boolean[node.inputs().size()];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = node.input(i) != null && parameters.contains(node.input(i).name());
            }
            accumulate(node, apply(node, values, outGrads, wanted), wanted, parameterGrads);
        });
    }

    private Tensor[] apply(Node node, Map<String, Tensor> values, List<Tensor> outGrads, boolean[] wanted) {
        List<Tensor> ins = new ArrayList<>();
        for (Value in : node.inputs()) {
            ins.add(in == null ? null : values.get(in.name()));
        }
        List<Tensor> outs = node.outputs().stream().map(v -> values.get(v.name())).toList();
        return rules.require(node).backward(new GradientContext(node, ins, outs, outGrads, wanted));
    }

    private static boolean any(boolean[] flags) {
        for (boolean f : flags) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    private static List<Tensor> outputGrads(Node node, Map<String, Tensor> grads) {
        List<Tensor> out = new ArrayList<>();
        boolean any = false;
        for (Value v : node.outputs()) {
            Tensor g = grads.get(v.name());
            any |= g != null;
            out.add(g);
        }
        return any ? out : null;
    }

    private static void accumulate(Node node, Tensor[] result, boolean[] wanted, Map<String, Tensor> into) {
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i] && result[i] != null) {
                into.merge(node.input(i).name(), result[i], GradMath::add);
            }
        }
    }
}
