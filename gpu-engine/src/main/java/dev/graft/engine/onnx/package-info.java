/**
 * ONNX import: {@link dev.graft.engine.onnx.OnnxImporter} reads a model with the protobuf
 * classes of tribuo-util-onnx ({@code ai.onnx.proto.OnnxMl}), inlines local functions
 * ({@link dev.graft.engine.onnx.FunctionInliner}), decodes initializers in every encoding
 * including external data ({@link dev.graft.engine.onnx.OnnxTensors}), keeps symbolic input
 * dimensions and the exporter's value_info, and types the graph with
 * {@link dev.graft.engine.ops.TypeInference}. Standard-domain opset 13 or newer; subgraph
 * attributes (If, Loop, Scan) are refused with the node named.
 *
 * <p>ONNX export: {@link dev.graft.engine.onnx.OnnxExporter} writes a graph back (Graft's
 * fused kernels in the {@link dev.graft.engine.onnx.GraftDomain} domain), so a rewritten
 * model can be saved as ONNX and read again.
 */
package dev.graft.engine.onnx;
