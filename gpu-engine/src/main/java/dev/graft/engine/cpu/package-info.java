/**
 * The CPU reference backend: {@link dev.graft.engine.cpu.CpuExecutor} runs a typed graph
 * node by node with each op's {@link dev.graft.engine.ops.Op#execute}, freeing values after
 * their last reader; {@link dev.graft.engine.cpu.CpuBackend} exposes it as {@code --backend cpu}.
 *
 * <p>The loops ops share live here: {@link dev.graft.engine.cpu.MatMulKernel} (packed panels,
 * an 8 x 32 register tile, cache-blocked, Vector API, parallel above a size threshold;
 * one-row products through {@link dev.graft.engine.cpu.MatVecKernel}),
 * {@link dev.graft.engine.cpu.Elementwise} and {@link dev.graft.engine.cpu.BroadcastRows} for
 * broadcasting, {@link dev.graft.engine.cpu.StridedCopy} for every pure data movement
 * (transpose, slice, expand), {@link dev.graft.engine.cpu.Storage} for dtype-blind copies.
 * Floating tensors compute in float32 with double accumulators where sums are long
 * (reductions, softmax, normalization).
 */
package dev.graft.engine.cpu;
