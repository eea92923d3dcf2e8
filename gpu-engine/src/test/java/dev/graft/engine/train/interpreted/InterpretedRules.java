package dev.graft.engine.train.interpreted;

import dev.graft.engine.graph.Node;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every interpreted rule, keyed like ops; the stage boundary (an identity) among them. */
public final class InterpretedRules {
    private static final Map<String, InterpretedRule> RULES = load();

    private InterpretedRules() {
    }

    private static Map<String, InterpretedRule> load() {
        List<InterpretedRule> all = new ArrayList<>(List.of(new MatMulGradient(), new GemmGradient(),
                new GatherGradient(), new TransposeGradient(), new WhereGradient(),
                new SoftmaxCrossEntropyGradient(), new FusedAttentionGradient(), new ExpandGradient(),
                new ConcatGradient(), new SplitGradient(), new SliceGradient(), new StageBoundaryGradient()));
        all.addAll(new BinaryGradients().rules());
        all.addAll(new UnaryGradients().rules());
        all.addAll(new ReduceGradients().rules());
        all.addAll(new SoftmaxGradients().rules());
        all.addAll(new ReshapeGradients().rules());
        all.addAll(new NormalizationGradients().rules());
        Map<String, InterpretedRule> byKey = new HashMap<>();
        all.forEach(r -> byKey.put(OpRegistry.key(r.domain(), r.op()), r));
        return byKey;
    }

    /** The gradients of a node's inputs, as the interpreted rule computes them. */
    public static Tensor[] backward(Node node, List<Tensor> inputs, List<Tensor> outputs, List<Tensor> outputGrads,
                                    boolean[] wanted) {
        InterpretedRule rule = RULES.get(OpRegistry.key(node.domain(), node.op()));
        if (rule == null) {
            throw new IllegalArgumentException("no interpreted rule for " + node.op());
        }
        return rule.backward(new InterpretedContext(node, inputs, outputs, outputGrads, wanted));
    }
}
