package dev.graft.engine.onnx;

/**
 * Graft's own operator domain in ONNX files. In a {@link dev.graft.engine.graph.Graph}
 * the fused kernels sit in the standard (empty) domain, where the op registry and
 * the backends find them; ONNX reserves that domain for its own ops, so
 * {@link OnnxExporter} writes them under this domain (with an opset import for it)
 * and {@link OnnxImporter} reads them back into the empty one.
 */
public final class GraftDomain {
    /** The domain name in ONNX nodes and opset imports. */
    public static final String NAME = "dev.graft";
    /** The version of the domain's op set; bump it when an op's contract changes. */
    public static final int VERSION = 1;

    private GraftDomain() {
    }
}
