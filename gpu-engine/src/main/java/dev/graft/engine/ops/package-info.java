/**
 * Operators: what each op computes and what types it produces, found by name.
 *
 * <p>An {@link dev.graft.engine.ops.Op} holds one op's type and shape inference
 * ({@link dev.graft.engine.ops.Op#inferTypes}) and its CPU reference implementation
 * ({@link dev.graft.engine.ops.Op#execute}). {@link dev.graft.engine.ops.OpRegistry} gathers
 * every op on the class path through {@link java.util.ServiceLoader}, so no central
 * switch lists them. {@link dev.graft.engine.ops.TypeInference} types a whole graph.
 *
 * <h2>Adding an op</h2>
 * <ol>
 *   <li>Write a class implementing {@link dev.graft.engine.ops.Op} (public, with a
 *       no-argument constructor). Give {@code name()} the op type nodes use and, for an
 *       op outside standard ONNX, a {@code domain()} (e.g. {@code graft}).</li>
 *   <li>{@code inferTypes}: check the input types and attributes and return one
 *       {@link dev.graft.engine.graph.TensorType} per output; use
 *       {@link dev.graft.engine.ops.Broadcasting} and {@link dev.graft.engine.ops.Axes}; throw
 *       {@link dev.graft.engine.ops.OpException} with what is wrong (the caller adds the node).</li>
 *   <li>{@code execute}: compute the outputs from concrete tensors; reuse the loops of
 *       {@code dev.graft.engine.cpu} (Elementwise, BroadcastRows, MatMulKernel).</li>
 *   <li>List the class name in {@code src/main/resources/META-INF/services/dev.graft.engine.ops.Op}
 *       of your module. Several ops sharing one implementation with a parameter can be
 *       returned together by an {@link dev.graft.engine.ops.OpFamily} listed in
 *       {@code META-INF/services/dev.graft.engine.ops.OpFamily}.</li>
 * </ol>
 * Registering the same domain and name twice is an error at load time. Other backends
 * (CUDA kernels, gradient rules) keep their own registries keyed the same way,
 * {@link dev.graft.engine.ops.OpRegistry#key}, and fall back to the CPU reference here.
 * The standard ONNX ops live in {@code dev.graft.engine.ops.standard}.
 */
package dev.graft.engine.ops;
