package dev.graft.engine.ops;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * One operator: its type and shape inference and its CPU reference
 * implementation. Implementations are found by {@link OpRegistry} through
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.graft.engine.ops.Op} (or return it from an
 * {@link OpFamily}) and every graph that names the op can be checked and run.
 * Both methods report bad input (wrong ranks, mismatched dimensions, a bad
 * attribute) by throwing {@link OpException}; the caller adds the node's name.
 */
public interface Op {

    /** The op type as it appears in a node, e.g. {@code MatMul}. */
    String name();

    /** The domain; empty for the ONNX standard domain. */
    default String domain() {
        return "";
    }

    /**
     * The output types, one per node output, from the input types, the
     * attributes and whatever input values are known before running (constants).
     * Dimensions that depend on unknown data are {@link dev.graft.engine.graph.Dim#UNKNOWN}.
     */
    List<TensorType> inferTypes(InferenceContext ctx);

    /** Computes the outputs from concrete inputs on the CPU; must not modify the inputs. */
    List<Tensor> execute(ExecutionContext ctx);
}
