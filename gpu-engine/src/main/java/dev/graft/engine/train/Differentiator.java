package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reverse-mode differentiation of a list of nodes (topological order) in two halves, so
 * that a pipeline can run them as separate tasks: {@link #backwardInputs} computes the
 * gradients of the received activations and keeps the output gradients of the nodes
 * that read parameters; {@link #backwardWeights} later turns those into parameter
 * gradients. Running both back to back is the ordinary backward pass.
 *
 * <p>Each half is a graph of engine ops that the {@link GradientRule}s emit ({@link
 * BackwardPass}), built once for the shapes of a forward run and the gradients flowing
 * in, and run by the caller's {@link NodeRunner}: on a GPU worker the whole backward
 * pass runs on its device. Only floating values that depend on a parameter or on a
 * differentiable input get a gradient; indices, masks and shapes never do, so ops that
 * only compute those (Shape, Equal, Range, ...) need no gradient rule.
 */
public final class Differentiator {
    private final List<Node> nodes;
    private final Set<String> parameters;
    private final Set<String> differentiable = new HashSet<>();
    private final Set<String> received = new LinkedHashSet<>();
    private final Set<String> external = new LinkedHashSet<>();
    private final Map<String, BackwardPass> passes = new ConcurrentHashMap<>();

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
        Set<String> computed = new HashSet<>();
        nodes.forEach(n -> n.outputs().forEach(v -> computed.add(v.name())));
        nodes.forEach(n -> n.inputs().forEach(v -> {
            if (v != null) {
                read.put(v.name(), v);
                if (!computed.contains(v.name())) {
                    external.add(v.name());
                }
            }
        }));
        differentiable.addAll(parameters);
        inputs.stream().filter(name -> read.containsKey(name) && floating(read.get(name))).forEach(name -> {
            differentiable.add(name);
            received.add(name);
        });
        for (Node n : nodes) {
            if (n.inputs().stream().anyMatch(v -> v != null && differentiable.contains(v.name()))) {
                n.outputs().stream().filter(Differentiator::floating).forEach(v -> differentiable.add(v.name()));
            }
        }
        GradientRegistry rules = GradientRegistry.get();
        nodes.stream().filter(n -> n.outputs().stream().anyMatch(v -> differentiable.contains(v.name())))
                .forEach(rules::require);
    }

    /** Whether a value can carry a gradient; an untyped value is assumed to. */
    private static boolean floating(Value v) {
        return v.type() == null || v.type().dtype().isFloating();
    }

    /** The output gradients of the parameter-reading nodes, waiting for {@link #backwardWeights}. */
    public record Pending(BackwardPass pass, Map<String, Tensor> outputGrads) {
    }

    /**
     * Runs the first half from {@code grads} (value name → gradient flowing in), adding
     * the gradient of every received value to {@code grads}.
     *
     * @param values every value of the forward run
     */
    public Pending backwardInputs(NodeRunner runner, Map<String, Tensor> values, Map<String, Tensor> grads) {
        BackwardPass pass = pass(values, grads);
        Map<String, Tensor> env = new HashMap<>(values);
        grads.forEach((name, g) -> env.put(BackwardPass.gradientInput(name), g));
        Map<String, Tensor> out = pass.inputs().run(runner, env);
        pass.inputGradients().forEach((name, output) -> grads.put(name, out.get(output)));
        Map<String, Tensor> pending = new HashMap<>();
        pass.pending().forEach(name -> pending.put(name, out.get(name)));
        return new Pending(pass, pending);
    }

    /** Runs the second half, adding the parameter gradients to {@code parameterGrads}. */
    public void backwardWeights(NodeRunner runner, Map<String, Tensor> values, Pending pending,
                                Map<String, Tensor> parameterGrads) {
        Map<String, Tensor> env = new HashMap<>(values);
        env.putAll(pending.outputGrads());
        Map<String, Tensor> out = pending.pass().weights().run(runner, env);
        pending.pass().parameterGradients().forEach((p, output) ->
                parameterGrads.merge(p, out.get(output), GradMath::add));
    }

    /** The pass for these shapes and gradients flowing in, built on first use. */
    private BackwardPass pass(Map<String, Tensor> values, Map<String, Tensor> grads) {
        StringBuilder key = new StringBuilder();
        new TreeMap<>(grads).forEach((name, g) -> key.append('∂').append(name).append(Arrays.toString(g.shape())));
        for (String name : external) {
            Tensor t = values.get(name);
            key.append(';').append(t == null ? "-" : Arrays.toString(t.shape()));
        }
        String k = key.toString();
        BackwardPass pass = passes.get(k);
        if (pass == null || !pass.fits(values)) {
            pass = BackwardPass.build(nodes, parameters, differentiable, received, values, grads);
            passes.put(k, pass);
        }
        return pass;
    }
}
