package dev.graft.engine.train.interpreted;

import dev.graft.engine.tensor.Tensor;

/**
 * The reverse-mode rule of one op computed on host arrays: from the node's forward
 * inputs and outputs and the gradients of its outputs, the gradients of the inputs
 * asked for. These are the rules Graft differentiated with before its backward pass
 * became a graph ({@link dev.graft.engine.train.GradientRule}); kept in the tests as
 * an independent oracle that each graph-emitting rule must agree with.
 */
public interface InterpretedRule {

    /** The op type this rule differentiates, e.g. {@code MatMul}. */
    String op();

    /** The op's domain; empty for the ONNX standard domain. */
    default String domain() {
        return "";
    }

    /**
     * One entry per node input: its gradient (same shape as the input) where
     * {@link InterpretedContext#wants} it, {@code null} elsewhere. A rule may return
     * {@code null} for an input that is asked for only when the input does not
     * influence the outputs (an index, a shape).
     */
    Tensor[] backward(InterpretedContext ctx);
}
