/**
 * Ops that only backward passes use, in the {@code graft.train} domain. GatherGrad and
 * SliceGrad scatter a gradient back into a larger zero tensor, which no composition of
 * standard ops does in time and memory proportional to the gradient (an embedding's rows
 * through a one-hot product would cost rows × vocabulary). ReluGrad masks a gradient by
 * the sign of the forward input without a boolean mask, which on a device would be a host
 * value. A device without their kernels runs these CPU references with copies around them.
 */
package dev.graft.engine.ops.grad;
