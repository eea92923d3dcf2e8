/**
 * Ops that only backward passes use, in the {@code graft.train} domain: each scatters a
 * gradient back into a larger zero tensor, which no composition of standard ops does in
 * time and memory proportional to the gradient (an embedding's rows through a one-hot
 * product would cost rows × vocabulary). A device without their kernels runs these CPU
 * references with copies around them.
 */
package dev.graft.engine.ops.grad;
