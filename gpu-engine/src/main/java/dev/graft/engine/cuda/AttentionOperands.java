package dev.graft.engine.cuda;

/**
 * Where one attention launch finds everything on the device, in the kernels' order: the
 * queries {@code (rows, qHeads, headDim)} and keys and values (paged or ragged) in the
 * heads' 16-bit dtype, the page table or ragged indptr, the query rows, the custom mask,
 * the plan's workspace, and the output {@code (rows, qHeads, headDim)} with its lse. Each
 * pointer is a {@link DeviceBuffer} or a {@code CUdeviceptr}.
 */
public record AttentionOperands(Object q, Object k, Object v, Object kvIndptr, Object kvIndices, Object lastPageLen,
                                Object qoIndptr, Object mask, Object maskOffsets, DeviceBuffer workspace, Object out,
                                Object outLse) {
}
