package dev.graft.engine.ops;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.tensor.Tensor;

/** What type inference knows about one node's inputs. */
public interface InferenceContext {

    Node node();

    default Attributes attributes() {
        return node().attributes();
    }

    /** The number of input slots, absent optional ones included. */
    default int inputCount() {
        return node().inputs().size();
    }

    default boolean hasInput(int i) {
        return node().input(i) != null;
    }

    /** The type of input {@code i}; throws {@link OpException} when the input is absent or untyped. */
    TensorType inputType(int i);

    /** The value of input {@code i} when known before running (an initializer or a folded constant), else {@code null}. */
    Tensor constant(int i);

    /**
     * What is known of the value of a small integer input that carries a shape
     * (see {@link ShapeValue}): all of it for a constant, symbolic dimensions for
     * one computed from Shape; {@code null} when nothing is known. This default
     * knows only constants; {@link TypeInference} knows more.
     */
    default ShapeValue shapeValue(int i) {
        Tensor t = hasInput(i) ? constant(i) : null;
        return t == null ? null : ShapeValue.ofConstant(t);
    }
}
