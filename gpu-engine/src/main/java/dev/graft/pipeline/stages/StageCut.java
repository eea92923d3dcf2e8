package dev.graft.pipeline.stages;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.train.TrainableModel;
import dev.graft.pipeline.schedule.StageGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Infers what crosses between stages from where a {@link StagePlan} cuts the
 * graph: every value a node of stage s reads that a node of an earlier stage t
 * produced is sent from t to s in the forward pass, and its gradient from s back
 * to t in the backward pass.
 */
public final class StageCut {
    private final List<StageSpec> stages;
    private final StageGraph graph;

    private StageCut(List<StageSpec> stages, StageGraph graph) {
        this.stages = stages;
        this.graph = graph;
    }

    public List<StageSpec> stages() {
        return stages;
    }

    public StageGraph stageGraph() {
        return graph;
    }

    public static StageCut of(TrainableModel model, StagePlan plan) {
        int n = plan.stageCount();
        List<List<Node>> nodes = new ArrayList<>();
        List<Map<Integer, Set<String>>> receives = new ArrayList<>();
        List<Map<Integer, Set<String>>> sends = new ArrayList<>();
        List<Set<String>> parameters = new ArrayList<>();
        List<Set<String>> batch = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            nodes.add(new ArrayList<>());
            receives.add(new TreeMap<>());
            sends.add(new TreeMap<>());
            parameters.add(new LinkedHashSet<>());
            batch.add(new LinkedHashSet<>());
        }
        for (Node node : model.graph().topologicalOrder()) {
            int s = plan.stageOf(node);
            nodes.get(s).add(node);
            for (Value in : node.inputs()) {
                if (in == null) {
                    continue;
                }
                if (in.producer() != null) {
                    int from = plan.stageOf(in.producer());
                    if (from > s) {
                        throw new UserError("value '" + in.name() + "' of stage " + from + " is read by node '"
                                + node.name() + "' of earlier stage " + s + ": stages must only read earlier ones");
                    }
                    if (from < s) {
                        receives.get(s).computeIfAbsent(from, k -> new LinkedHashSet<>()).add(in.name());
                        sends.get(from).computeIfAbsent(s, k -> new LinkedHashSet<>()).add(in.name());
                    }
                } else if (model.parameters().contains(in.name())) {
                    parameters.get(s).add(in.name());
                } else if (!in.isInitializer()) {
                    batch.get(s).add(in.name());
                }
            }
        }
        Node lossNode = model.graph().value(model.loss()).producer();
        int lossStage = lossNode == null ? -1 : plan.stageOf(lossNode);
        if (lossStage != n - 1) {
            throw new UserError("the loss '" + model.loss() + "' must be computed in the last stage (" + (n - 1)
                    + "), not in stage " + lossStage);
        }
        List<StageSpec> specs = new ArrayList<>();
        List<Set<Integer>> producers = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            if (nodes.get(s).isEmpty()) {
                throw new UserError("stage " + s + " of " + n + " has no nodes");
            }
            specs.add(new StageSpec(s, List.copyOf(nodes.get(s)), freeze(receives.get(s)), freeze(sends.get(s)),
                    Set.copyOf(parameters.get(s)), Set.copyOf(batch.get(s)), s == lossStage));
            producers.add(receives.get(s).keySet());
        }
        return new StageCut(List.copyOf(specs), new StageGraph(producers));
    }

    private static Map<Integer, List<String>> freeze(Map<Integer, Set<String>> m) {
        Map<Integer, List<String>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }
}
