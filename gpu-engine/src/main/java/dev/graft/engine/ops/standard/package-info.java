/**
 * The standard ONNX ops (opset 13 and later semantics), each with type inference and a CPU
 * implementation: elementwise arithmetic, comparisons, logic and math functions; MatMul, Gemm,
 * Einsum; reductions, Softmax, LogSoftmax, LayerNormalization, RMSNormalization (and
 * onnxruntime's SimplifiedLayerNormalization); shape and data movement (Shape, Size, Reshape,
 * Flatten, Expand, Squeeze, Unsqueeze, Transpose, Concat, Split, Slice, Gather, GatherND,
 * GatherElements, ScatterND, Tile, Pad, Range, CumSum, Trilu, Where, NonZero, TopK, ArgMax, ArgMin);
 * constants and casts. Families of ops that share one implementation are {@code OpFamily}s.
 * Every op here is tested against hand-computed values, and most against onnxruntime.
 */
package dev.graft.engine.ops.standard;
