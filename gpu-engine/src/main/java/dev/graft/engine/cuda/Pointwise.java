package dev.graft.engine.cuda;

import java.util.Map;

/**
 * Launches of the one pointwise template (elementwise.cu): an fp32 expression of up to
 * three operands over a {@link DeviceLayout}, specialized by the expression and the
 * operands' storage types. Elementwise ops, Where, Cast, the fused SwiGLU and Gelu, and
 * every copy of the layout ops (expression {@code x}) go through here. A walk where every
 * operand is contiguous with the output from its buffer's start takes the template's flat
 * entry, eight elements per thread in vector accesses (a bf16 Add of 4096 x 2048 went from
 * 46 to about 17 us on H100).
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
        DeviceType[] types = new DeviceType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            types[i] = inputs[i].type();
        }
        DeviceTensor b = inputs.length > 1 ? inputs[1] : inputs[0];
        DeviceTensor c = inputs.length > 2 ? inputs[2] : inputs[0];
        if (layout.flat(inputs.length) && VectorAccess.aligned(out) && VectorAccess.aligned(inputs)) {
            CudaKernel kernel = gpu.loader().load(source("elementwise_flat", expr, out.type(), types));
            Launches.overElements(gpu, kernel, (layout.elements() + 7) / 8, out.buffer(), inputs[0].buffer(),
                    b.buffer(), c.buffer(), layout.elements());
            return;
        }
        CudaKernel kernel = gpu.loader().load(source(expr, out.type(), types));
        Launches.overElements(gpu, kernel, layout.elements(), out.buffer(), inputs[0].buffer(), b.buffer(), c.buffer(),
                layout.pack());
    }

    /** The template specialized for {@code expr} over operands of {@code operands} types into {@code out}. */
    static KernelSource source(String expr, DeviceType out, DeviceType... operands) {
        return source("elementwise", expr, out, operands);
    }

    /** As {@link #source(String, DeviceType, DeviceType...)}, for the template's entry {@code entry}. */
    private static KernelSource source(String entry, String expr, DeviceType out, DeviceType... operands) {
        DeviceType a = operands[0];
        DeviceType b = operands.length > 1 ? operands[1] : a;
        DeviceType c = operands.length > 2 ? operands[2] : a;
        return KernelSource.template(entry, "elementwise.cu").define(Map.of("EXPR", expr, "ARITY",
                operands.length, "T_OUT", out.cudaName(), "T_A", a.cudaName(), "T_B", b.cudaName(), "T_C", c.cudaName()));
    }
}
