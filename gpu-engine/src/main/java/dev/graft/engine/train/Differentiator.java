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
import java.util.SortedMap;
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

    /** A first half that ran: its pass, whose second half is still to run. */
    public record Pending(BackwardPass pass) {

        /** Received value → the value of the microbatch holding its gradient. */
        public Map<String, String> inputGradients() {
            return pass.inputGradients();
        }
    }

    /**
     * Runs the first half on a microbatch's {@code values} from {@code grads} (value name
     * → gradient flowing in), adding the gradient of every received value to {@code
     * grads}. The pending output gradients stay in {@code values}.
     */
    public Pending backwardInputs(NodeRunner runner, StageValues values, Map<String, Tensor> grads) {
        grads.forEach((name, g) -> values.put(BackwardPass.gradientInput(name), g));
        Pending pending = backwardInputs(runner, values, grads.keySet());
        pending.inputGradients().forEach((name, output) -> grads.put(name, values.get(output)));
        return pending;
    }

    /**
     * The first half where the gradients flowing in already lie in {@code values}, each
     * under {@link #seedName} of the value it is the gradient of (put there from a
     * message, wherever the runner keeps it); the gradients of the received values are
     * left in {@code values} under the names {@link Pending#inputGradients} gives.
     */
    public Pending backwardInputs(NodeRunner runner, StageValues values, Set<String> seeded) {
        Map<String, int[]> seeds = new HashMap<>();
        seeded.forEach(name -> seeds.put(name, values.shape(BackwardPass.gradientInput(name))));
        BackwardPass pass = pass(values, seeds);
        pass.inputs().run(runner, values);
        return new Pending(pass);
    }

    /** The name under which the gradient flowing into {@code value} is put before the first half. */
    public static String seedName(String value) {
        return BackwardPass.gradientInput(value);
    }

    /**
     * Runs the second half on the same {@code values}, adding the parameter gradients to
     * the sums that {@code step} (the step's values, which the microbatch's read
     * through to) keeps over microbatches.
     */
    public void backwardWeights(NodeRunner runner, StageValues values, Pending pending, StageValues step) {
        WeightPass plain = pending.pass().weights();
        long summed = plain.gradients().keySet().stream().filter(p -> step.has(WeightPass.sumOf(p))).count();
        if (summed != 0 && summed != plain.gradients().size()) {
            throw new IllegalStateException("the step holds gradient sums of some of the stage's parameters only");
        }
        WeightPass w = summed == 0 ? plain : pending.pass().weightsAdding();
        w.part().run(runner, values);
        w.gradients().forEach((p, output) -> values.move(output, step, WeightPass.sumOf(p)));
    }

    /** The parameters whose gradient sums {@code step} holds, each with the name it holds the sum under. */
    public SortedMap<String, String> sums(StageValues step) {
        SortedMap<String, String> names = new TreeMap<>();
        parameters.stream().filter(p -> step.has(WeightPass.sumOf(p))).forEach(p -> names.put(p, WeightPass.sumOf(p)));
        return names;
    }

    /** The gradient sums {@code step} holds, by parameter, on the host. */
    public Map<String, Tensor> gradients(StageValues step) {
        Map<String, Tensor> out = new HashMap<>();
        parameters.stream().filter(p -> step.has(WeightPass.sumOf(p)))
                .forEach(p -> out.put(p, step.get(WeightPass.sumOf(p))));
        return out;
    }

    /** The pass for these shapes and gradients flowing in, built on first use. */
    /**
     * The forward values that the backward pass from gradients of these shapes (by value)
     * reads, so that a forward pass need keep only those; the pass is built, and kept, for
     * the first half to use. Gradients flowing into more values make a pass that reads
     * no fewer.
     */
    public Set<String> forwardReads(StageValues values, Map<String, int[]> seeds) {
        return pass(values, seeds).forwardRead();
    }

    private BackwardPass pass(StageValues values, Map<String, int[]> seeds) {
        StringBuilder key = new StringBuilder();
        new TreeMap<>(seeds).forEach((name, shape) -> key.append('∂').append(name).append(Arrays.toString(shape)));
        for (String name : external) {
            key.append(';').append(values.has(name) ? Arrays.toString(values.shape(name)) : "-");
        }
        String k = key.toString();
        BackwardPass pass = passes.get(k);
        if (pass == null || !pass.fits(values)) {
            pass = BackwardPass.build(nodes, parameters, differentiable, received, values, seeds);
            passes.put(k, pass);
        }
        return pass;
    }
}
