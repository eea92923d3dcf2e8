/**
 * Concrete tensors: {@link dev.graft.engine.tensor.Tensor} (row-major, float or long storage)
 * and {@link dev.graft.engine.tensor.DType}.
 */
package dev.graft.engine.tensor;
