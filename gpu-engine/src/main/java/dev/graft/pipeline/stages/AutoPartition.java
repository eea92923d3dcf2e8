package dev.graft.pipeline.stages;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Cuts a graph into p stages of balanced cost: the nodes in topological order are
 * split into p contiguous runs minimising the costliest run (dynamic programming
 * over prefix sums, O(p·n²)). Any such cut is valid, because values only flow
 * forward in topological order; what crosses it is worked out by {@link StageCut}.
 */
public final class AutoPartition {
    private AutoPartition() {
    }

    public static StagePlan plan(Graph graph, int stages, ToDoubleFunction<Node> cost) {
        List<Node> order = graph.topologicalOrder();
        int n = order.size();
        long costly = order.stream().filter(x -> cost.applyAsDouble(x) > 0).count();
        if (stages < 1 || stages > costly) {
            throw new UserError("cannot cut graph '" + graph.name() + "' into " + stages + " stages: it has "
                    + costly + " nodes that compute anything");
        }
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + cost.applyAsDouble(order.get(i));
        }
        // best[s][i]: the least possible maximum stage cost of cutting the first i nodes into s stages.
        double[][] best = new double[stages + 1][n + 1];
        int[][] cut = new int[stages + 1][n + 1];
        for (double[] row : best) {
            Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        best[0][0] = 0;
        for (int s = 1; s <= stages; s++) {
            for (int i = s; i <= n; i++) {
                for (int j = s - 1; j < i; j++) {
                    double worst = Math.max(best[s - 1][j], prefix[i] - prefix[j]);
                    if (worst < best[s][i] && prefix[i] > prefix[j]) {
                        best[s][i] = worst;
                        cut[s][i] = j;
                    }
                }
            }
        }
        Map<String, Integer> stageOf = new HashMap<>();
        for (int s = stages, end = n; s >= 1; end = cut[s][end], s--) {
            for (int i = cut[s][end]; i < end; i++) {
                stageOf.put(order.get(i).name(), s - 1);
            }
        }
        return new StagePlan(stages, stageOf);
    }
}
