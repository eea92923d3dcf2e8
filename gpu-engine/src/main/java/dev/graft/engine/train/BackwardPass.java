package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backward pass built as graphs for the shapes of one forward run, so that a pipeline
 * can run its halves as separate tasks on any runner. {@code inputs} walks the nodes
 * backwards from the gradients flowing in (inputs {@code ∂name}) and leaves the
 * gradients of the received values and, pending for the other half, the output
 * gradients of the nodes that read parameters; {@code weights} turns those into
 * parameter gradients, and {@code weightsAdding} into their sums with the gradients of
 * earlier microbatches.
 *
 * @param inputGradients received value → the output of {@code inputs} holding its gradient
 * @param contentsRead   integer forward values the rules read while building; the pass
 *                       serves another run only where these are equal
 * @param forwardRead    the forward values either half reads
 */
record BackwardPass(PassPart inputs, Map<String, String> inputGradients, WeightPass weights,
                    WeightPass weightsAdding, Map<String, Tensor> contentsRead, Set<String> forwardRead) {

    /** The name of the input of {@code inputs} that carries the gradient of forward value {@code name}. */
    static String gradientInput(String name) {
        return "∂" + name;
    }

    /** Whether this pass was built from the same integer contents as {@code values} hold. */
    boolean fits(StageValues values) {
        for (Map.Entry<String, Tensor> e : contentsRead.entrySet()) {
            Tensor now = values.has(e.getKey()) ? values.get(e.getKey()) : null;
            if (now != null && !Arrays.equals(now.toLongs(), e.getValue().toLongs())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Builds the pass of {@code nodes} (topological order).
     *
     * @param differentiable values that carry a gradient
     * @param received       non-parameter values read from outside whose gradients are left
     * @param values         the forward run's values: their shapes, and contents rules read
     * @param seeds          the shapes of the gradients flowing in, by forward value
     */
    static BackwardPass build(List<Node> nodes, Set<String> parameters, Set<String> differentiable,
                              Set<String> received, StageValues values, Map<String, int[]> seeds) {
        GradientRegistry rules = GradientRegistry.get();
        BackwardGraph in = new BackwardGraph("backward-inputs", values);
        Map<String, Value> grads = new HashMap<>();
        seeds.forEach((name, shape) -> grads.put(name, in.gradientInput(name, shape)));
        Map<Node, List<Value>> waiting = new LinkedHashMap<>();
        for (Node node : nodes.reversed()) {
            List<Value> outGrads = node.outputs().stream().map(v -> grads.get(v.name())).toList();
            if (outGrads.stream().allMatch(g -> g == null)) {
                continue;
            }
            boolean[] wanted = new boolean[node.inputs().size()];
            boolean readsParameter = false;
            for (int i = 0; i < wanted.length; i++) {
                Value v = node.input(i);
                boolean param = v != null && parameters.contains(v.name());
                readsParameter |= param;
                wanted[i] = v != null && !param && differentiable.contains(v.name());
            }
            if (readsParameter) {
                waiting.put(node, outGrads);
            }
            if (any(wanted)) {
                Value[] r = rules.require(node).backward(new GradientContext(in, node, outGrads, wanted));
                accumulate(in, node, r, wanted, grads);
            }
        }
        Map<String, String> inputGradients = new LinkedHashMap<>();
        received.stream().filter(grads::containsKey).forEach(n -> inputGradients.put(n, grads.get(n).name()));
        Set<String> outputs = new LinkedHashSet<>(inputGradients.values());
        waiting.values().forEach(gs -> gs.stream().filter(g -> g != null).forEach(g -> outputs.add(g.name())));
        PassPart inputs = new PassPart(in.finish(outputs), List.copyOf(outputs));
        Map<String, Tensor> contents = new HashMap<>(in.contentsRead());
        Set<String> read = new LinkedHashSet<>(in.forwardRead());
        WeightPass weights = weights(waiting, parameters, values, false, contents, read);
        WeightPass adding = weights(waiting, parameters, values, true, contents, read);
        return new BackwardPass(inputs, inputGradients, weights, adding, contents, Set.copyOf(read));
    }

    /** The weight half: from the pending output gradients (inputs under their names in the first half). */
    private static WeightPass weights(Map<Node, List<Value>> waiting, Set<String> parameters, StageValues values,
                                      boolean adding, Map<String, Tensor> contents, Set<String> read) {
        GradientRegistry rules = GradientRegistry.get();
        BackwardGraph w = new BackwardGraph(adding ? "backward-weights-adding" : "backward-weights", values);
        Map<String, Value> grads = new LinkedHashMap<>();
        waiting.forEach((node, outGrads) -> {
            List<Value> here = new ArrayList<>();
            for (int i = 0; i < outGrads.size(); i++) {
                Value g = outGrads.get(i);
                here.add(g == null ? null : w.pendingInput(g.name(), values.shape(node.output(i).name())));
            }
            boolean[] wanted = new boolean[node.inputs().size()];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = node.input(i) != null && parameters.contains(node.input(i).name());
            }
            accumulate(w, node, rules.require(node).backward(new GradientContext(w, node, here, wanted)), wanted,
                    grads);
        });
        Map<String, String> names = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        grads.forEach((p, g) -> {
            Value out = adding ? w.add(w.pendingInput(WeightPass.sumOf(p), values.shape(p)), g)
                    : taken.contains(g.name()) ? w.op("Identity", g) : g;
            taken.add(out.name());
            names.put(p, out.name());
        });
        contents.putAll(w.contentsRead());
        List<String> outputs = List.copyOf(names.values());
        PassPart part = new PassPart(w.finish(outputs), outputs);
        read.addAll(w.forwardRead());
        return new WeightPass(part, names);
    }

    private static boolean any(boolean[] flags) {
        for (boolean f : flags) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    private static void accumulate(BackwardGraph g, Node node, Value[] result, boolean[] wanted,
                                   Map<String, Value> into) {
        for (int i = 0; i < wanted.length; i++) {
            if (wanted[i] && result[i] != null) {
                into.merge(node.input(i).name(), result[i], g::add);
            }
        }
    }
}
