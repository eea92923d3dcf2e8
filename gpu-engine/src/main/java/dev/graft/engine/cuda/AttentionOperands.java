package dev.graft.engine.cuda;

/**
 * Where one attention launch finds everything on the device, in the kernels' order: the
 * queries and keys and values (paged or ragged) in the heads' 16-bit dtype, the page table
 * or ragged indptr, the query rows, the custom mask, the plan's workspace, and the output
 * with its lse {@code (rows, qHeads)}. Queries and output are laid out as {@code qo} says
 * (the library's {@code (rows, qHeads, headDim)}, or a graph's head-major tensors read and
 * written in place). Each pointer is a {@link DeviceBuffer} or a {@code CUdeviceptr}.
 */
public record AttentionOperands(Object q, Object k, Object v, Object kvIndptr, Object kvIndices, Object lastPageLen,
                                Object qoIndptr, Object mask, Object maskOffsets, DeviceBuffer workspace, Object out,
                                Object outLse, RowLayout qo) {
}
