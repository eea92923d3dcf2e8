package dev.graft.pipeline.stages;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * {@code PipelineStage(x) → x}: marks where one pipeline stage ends and the next
 * begins. Its output belongs to the next stage; everything computed from it
 * does too. As an op it is the identity, so a marked graph still runs and trains
 * unpipelined. Placed through {@link #mark}, or by a rewrite rule that emits a
 * {@code PipelineStage} node: like the fused kernels it lives in the standard
 * domain, where the pattern language names ops.
 */
public final class StageBoundary implements Op {
    public static final String DOMAIN = "";
    public static final String NAME = "PipelineStage";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String domain() {
        return DOMAIN;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        return List.of(ctx.inputType(0));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        return List.of(ctx.required(0));
    }

    /** Adds a boundary after {@code v}: later nodes that should start the next stage read the returned value. */
    public static Value mark(Graph graph, Value v) {
        return graph.addNode(null, DOMAIN, NAME, Attributes.NONE, List.of(v),
                List.of(graph.freshValueName(v.name() + "_stage"))).output(0);
    }

    /** Whether a node is a stage boundary. */
    public static boolean is(Node node) {
        return OpRegistry.key(node.domain(), node.op()).equals(OpRegistry.key(DOMAIN, NAME));
    }
}
