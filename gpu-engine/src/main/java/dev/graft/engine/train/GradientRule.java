package dev.graft.engine.train;

import dev.graft.engine.graph.Value;

/**
 * The reverse-mode rule of one op: it emits, into the backward pass being built, the
 * nodes that compute the gradients of the node's inputs from its forward inputs and
 * outputs and the gradients of its outputs. The backward pass is thereby a graph of
 * engine ops that any {@link dev.graft.engine.run.Backend} runs, a GPU's included.
 * Rules are found through {@link java.util.ServiceLoader}, like ops: list the class in
 * {@code META-INF/services/dev.graft.engine.train.GradientRule} (or return it from a
 * {@link GradientRuleFamily}); no central table is edited.
 */
public interface GradientRule {

    /** The op type this rule differentiates, e.g. {@code MatMul}. */
    String op();

    /** The op's domain; empty for the ONNX standard domain. */
    default String domain() {
        return "";
    }

    /**
     * One entry per node input: the value of its gradient (same shape as the input)
     * where {@link GradientContext#wants} it, {@code null} elsewhere. A rule may return
     * {@code null} for an input that is asked for only when the input does not
     * influence the outputs (an index, a shape).
     */
    Value[] backward(GradientContext ctx);
}
