/**
 * Ops that only backward passes use, in the {@code graft.train} domain: each does what
 * no composition of standard ops does without a host round trip (scattering rows back,
 * a loss gradient from integer labels). A device without their kernels runs these CPU
 * references with copies around them.
 */
package dev.graft.engine.ops.grad;
