package dev.graft.engine.train;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An optimizer applied where a worker keeps its parameters: one {@link UpdateRule} pass
 * over the parameters of one stage (or replica), run by the worker's {@link NodeRunner}
 * on its values, so that on a GPU the parameters, their gradients and the optimizer
 * state never leave the device. The state values live beside the parameters, under
 * "⟳" + state + "·" + parameter, zero before the first step. The nodes are written on
 * the first step for the parameters it updates; later steps must update the same ones.
 * Used by one worker thread.
 */
public final class ResidentUpdate {
    private final UpdateRule rule;
    private SortedMap<String, String> gradientOf;
    private List<Node> nodes;
    private final Map<String, String> results = new LinkedHashMap<>();
    private int steps;

    public ResidentUpdate(UpdateRule rule) {
        this.rule = rule;
    }

    /**
     * One step: each parameter of {@code gradientOf} (parameter → the value holding its
     * gradient in {@code gradients}) and its state, held in {@code resident}, are replaced
     * by their updated values. {@code gradients} reads through to {@code resident}.
     */
    public void apply(NodeRunner runner, StageValues resident, StageValues gradients,
                      SortedMap<String, String> gradientOf) {
        if (nodes == null) {
            write(gradientOf);
        } else if (!this.gradientOf.equals(gradientOf)) {
            throw new IllegalStateException("the update was written for the gradients of " + this.gradientOf.keySet()
                    + " but this step has gradients of " + gradientOf.keySet());
        }
        steps++;
        for (Map.Entry<String, String> e : gradientOf.entrySet()) {
            for (String s : rule.state()) {
                String name = stateName(s, e.getKey());
                if (!resident.has(name)) {
                    resident.put(name, Tensor.zeros(DType.FLOAT32, resident.shape(e.getKey())));
                }
            }
        }
        try (StageValues env = runner.values(gradients)) {
            rule.scalars(steps).forEach((name, v) -> env.put(scalarName(name), Tensor.scalar(v)));
            runner.run(nodes, env, List.copyOf(results.keySet()));
            results.forEach((out, target) -> env.move(out, resident, target));
        }
    }

    private void write(SortedMap<String, String> gradientOf) {
        this.gradientOf = new TreeMap<>(gradientOf);
        UpdateNodes g = new UpdateNodes();
        Map<String, Value> scalars = new HashMap<>();
        rule.scalars(1).keySet().forEach(name -> scalars.put(name, g.input(scalarName(name))));
        gradientOf.forEach((p, grad) -> {
            List<Value> state = new ArrayList<>();
            rule.state().forEach(s -> state.add(g.input(stateName(s, p))));
            List<Value> updated = rule.emit(g, g.input(p), g.input(grad), state, scalars);
            results.put(updated.getFirst().name(), p);
            for (int i = 0; i < state.size(); i++) {
                results.put(updated.get(i + 1).name(), state.get(i).name());
            }
        });
        nodes = g.nodes();
    }

    private static String stateName(String state, String parameter) {
        return "⟳" + state + "·" + parameter;
    }

    private static String scalarName(String scalar) {
        return "⟳" + scalar;
    }
}
