package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backward pass built as two graphs for the shapes of one forward run, so that a
 * pipeline can run them as separate tasks on any backend. {@code inputs} walks the
 * nodes backwards from the gradients flowing in (inputs {@code ∂name}) and returns the
 * gradients of the received values and, pending for the other half, the output
 * gradients of the nodes that read parameters; {@code weights} turns those into
 * parameter gradients.
 *
 * @param inputGradients received value → the output of {@code inputs} holding its gradient
 * @param pending        outputs of {@code inputs} that {@code weights} reads
 * @param parameterGradients parameter → the output of {@code weights} holding its gradient
 * @param contentsRead   integer forward values the rules read while building; the pass
 *                       serves another run only where these are equal
 */
record BackwardPass(PassPart inputs, Map<String, String> inputGradients, List<String> pending, PassPart weights,
                    Map<String, String> parameterGradients, Map<String, Tensor> contentsRead) {

    /** The name of the input of {@code inputs} that carries the gradient of forward value {@code name}. */
    static String gradientInput(String name) {
        return "∂" + name;
    }

    /** Whether this pass was built from the same integer contents as {@code values} hold. */
    boolean fits(Map<String, Tensor> values) {
        for (Map.Entry<String, Tensor> e : contentsRead.entrySet()) {
            Tensor now = values.get(e.getKey());
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
     * @param received       non-parameter values read from outside whose gradients are returned
     * @param values         the forward run's values: their shapes, and contents rules read
     * @param seeds          the gradients flowing in, by forward value
     */
    static BackwardPass build(List<Node> nodes, Set<String> parameters, Set<String> differentiable,
                              Set<String> received, Map<String, Tensor> values, Map<String, Tensor> seeds) {
        GradientRegistry rules = GradientRegistry.get();
        BackwardGraph in = new BackwardGraph("backward-inputs", values);
        Map<String, Value> grads = new HashMap<>();
        seeds.forEach((name, t) -> grads.put(name, in.gradientInput(name, t.shape())));
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
        Set<String> pending = new LinkedHashSet<>();
        waiting.values().forEach(gs -> gs.stream().filter(g -> g != null).forEach(g -> pending.add(g.name())));
        Set<String> inOutputs = new LinkedHashSet<>(inputGradients.values());
        inOutputs.addAll(pending);

        BackwardGraph w = new BackwardGraph("backward-weights", values);
        Map<String, Value> parameterGrads = new HashMap<>();
        waiting.forEach((node, outGrads) -> {
            List<Value> here = new ArrayList<>();
            for (int i = 0; i < outGrads.size(); i++) {
                Value g = outGrads.get(i);
                here.add(g == null ? null : w.pendingInput(g.name(), values.get(node.output(i).name()).shape()));
            }
            boolean[] wanted = new boolean[node.inputs().size()];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = node.input(i) != null && parameters.contains(node.input(i).name());
            }
            accumulate(w, node, rules.require(node).backward(new GradientContext(w, node, here, wanted)), wanted,
                    parameterGrads);
        });
        Map<String, String> parameterGradients = new LinkedHashMap<>();
        parameterGrads.forEach((p, g) -> parameterGradients.put(p, g.name()));
        Map<String, Tensor> contents = new HashMap<>(in.contentsRead());
        contents.putAll(w.contentsRead());
        List<String> wOutputs = List.copyOf(new LinkedHashSet<>(parameterGradients.values()));
        return new BackwardPass(new PassPart(in.finish(inOutputs), List.copyOf(inOutputs)), inputGradients,
                List.copyOf(pending), new PassPart(w.finish(wOutputs), wOutputs), parameterGradients, contents);
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
