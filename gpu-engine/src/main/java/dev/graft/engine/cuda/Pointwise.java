package dev.graft.engine.cuda;

import java.util.Map;

/**
 * Launches of the one pointwise template (elementwise.cu): an fp32 expression of up to
 * three operands over a {@link DeviceLayout}, specialized by the expression and the
 * operands' storage types. Elementwise ops, Where, Cast, the fused SwiGLU and Gelu, and
 * every copy of the layout ops (expression {@code x}) go through here.
 */
final class Pointwise {
    /** The expression that copies its one operand (with a conversion where the types differ). */
    static final String COPY = "x";

    private Pointwise() {
    }

    /**
     * Queues {@code out = expr(x, y, z)} over {@code layout}, whose operands 1.. are
     * {@code inputs}; does nothing for an empty walk. The layout must {@link
     * DeviceLayout#fits() fit}.
     */
    static void launch(CudaRuntime gpu, String expr, DeviceTensor out, DeviceLayout layout, DeviceTensor... inputs) {
        if (layout.elements() == 0) {
            return;
        }
        DeviceType a = inputs[0].type();
        DeviceType b = inputs.length > 1 ? inputs[1].type() : a;
        DeviceType c = inputs.length > 2 ? inputs[2].type() : a;
        CudaKernel kernel = gpu.loader().load(KernelSource.template("elementwise", "elementwise.cu").define(Map.of(
                "EXPR", expr, "ARITY", inputs.length, "T_OUT", out.type().cudaName(), "T_A", a.cudaName(),
                "T_B", b.cudaName(), "T_C", c.cudaName())));
        Launches.overElements(gpu, kernel, layout.elements(), out.buffer(), inputs[0].buffer(),
                (inputs.length > 1 ? inputs[1] : inputs[0]).buffer(), (inputs.length > 2 ? inputs[2] : inputs[0]).buffer(),
                layout.pack());
    }
}
