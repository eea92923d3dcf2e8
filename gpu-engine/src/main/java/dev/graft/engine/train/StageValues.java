package dev.graft.engine.train;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;

/**
 * The values of a training step where its {@link NodeRunner} keeps them: on the host
 * for the CPU, on the device for a GPU, so that what one pass computes stays there for
 * the next (the forward pass's activations for the backward pass, the backward pass's
 * pending gradients for the weight pass, gradient sums over microbatches). A value
 * leaves only when {@link #get} asks for it on the host (messages, the loss, the step's
 * gradients). Values of one microbatch read through to those of the whole step
 * (parameters, constants, gradient sums), held once. Not thread-safe: one worker uses it.
 */
public interface StageValues extends AutoCloseable {

    /** Whether this, or the step's values it reads through to, holds {@code name}. */
    boolean has(String name);

    /** The value on the host (copied from the device where it lives there); null when absent. */
    Tensor get(String name);

    int[] shape(String name);

    DType dtype(String name);

    /** Sets a value from the host, replacing any held under that name here. */
    void put(String name, Tensor value);

    /**
     * The value as a message to another stage carries it, without a copy: on the host the
     * tensor, on a GPU the device tensor where it lives there. The message must not
     * outlive these values unless its carrier takes what it needs first.
     */
    Object carry(String name);

    /** Sets a value from a message: what {@link #carry} gave on the sending side, once moved here. */
    void take(String name, Object carried);

    /** Hands value {@code name} held here to {@code to} (of the same runner) as {@code as}, without a copy. */
    void move(String name, StageValues to, String as);

    /** Frees what is held here (not what it reads through to). */
    @Override
    void close();
}
