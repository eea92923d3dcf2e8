/**
 * Training engine graphs: reverse-mode differentiation by per-op gradient rules
 * ({@link dev.graft.engine.train.GradientRule}, found like ops through
 * {@link java.util.ServiceLoader}), a tape that keeps forward values for the
 * backward pass, losses, and optimizers (SGD, Adam).
 */
package dev.graft.engine.train;
