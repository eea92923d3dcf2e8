package dev.graft.engine.cuda;

import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.tensor.DType;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Elementwise ops on the device, each an fp32 expression of the one pointwise template
 * ({@link Pointwise}) over broadcast operands: x, y, z are the first, second and third
 * input. GELU (ONNX Gelu, FusedGelu) takes its form from the {@code approximate} attribute.
 * Where reads its condition as 0 or 1; Cast converts to a floating type by storage
 * (a cast to f16 or bf16, which rounds values, runs the CPU op). Integer results are
 * computed on the host, never here.
 */
public final class CudaElementwise implements DeviceOp {
    /** One-input ops and their expression of x. */
    static final Map<String, String> UNARY = Map.ofEntries(Map.entry("Neg", "-x"), Map.entry("Exp", "expf(x)"),
            Map.entry("Log", "logf(x)"), Map.entry("Sqrt", "sqrtf(x)"), Map.entry("Reciprocal", "1.0f / x"),
            Map.entry("Tanh", "tanhf(x)"), Map.entry("Sigmoid", "1.0f / (1.0f + expf(-x))"),
            Map.entry("Relu", "fmaxf(x, 0.0f)"), Map.entry("Erf", "erff(x)"), Map.entry("Cos", "cosf(x)"),
            Map.entry("Sin", "sinf(x)"), Map.entry("Abs", "fabsf(x)"));
    /** GELU by its {@code approximate} attribute: ONNX Gelu defaults to none, FusedGelu to tanh. */
    static final Map<String, String> GELU = Map.of(
            "tanh", "0.5f * x * (1.0f + tanhf(0.7978845608028654f * (x + 0.044715f * x * x * x)))",
            "none", "0.5f * x * (1.0f + erff(x * 0.7071067811865476f))");
    /** Two-input ops and their expression of x and y (Pow squares exactly, as the CPU op does). */
    static final Map<String, String> BINARY = Map.of("Add", "x + y", "Sub", "x - y", "Mul", "x * y",
            "Div", "x / y", "Pow", "(y == 2.0f ? x * x : powf(x, y))", "Max", "fmaxf(x, y)", "Min", "fminf(x, y)",
            "FusedSwiGLU", "x / (1.0f + expf(-x)) * y");
    /** Three-input ops. */
    static final Map<String, String> TERNARY = Map.of("Where", "(x != 0.0f ? y : z)");

    private final Function<DeviceCall, String> expr;
    private final int arity;

    private CudaElementwise(String expr, int arity) {
        this(call -> expr, arity);
    }

    private CudaElementwise(Function<DeviceCall, String> expr, int arity) {
        this.expr = expr;
        this.arity = arity;
    }

    /** GELU, whose expression its node's {@code approximate} picks ({@code defaultForm} when absent). */
    private static CudaElementwise gelu(String defaultForm) {
        return new CudaElementwise(call -> GELU.get(call.attributes().getString("approximate", defaultForm)), 1);
    }

    /** Every op this class serves, by name. */
    static Map<String, DeviceOp> all() {
        Map<String, DeviceOp> ops = new java.util.HashMap<>();
        UNARY.forEach((op, e) -> ops.put(op, new CudaElementwise(e, 1)));
        BINARY.forEach((op, e) -> ops.put(op, new CudaElementwise(e, 2)));
        TERNARY.forEach((op, e) -> ops.put(op, new CudaElementwise(e, 3)));
        ops.put("Cast", new CudaElementwise(Pointwise.COPY, 1));
        ops.put("Gelu", gelu("none"));
        ops.put("FusedGelu", gelu("tanh"));
        return ops;
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        if (call.inputCount() != arity || call.node().outputs().size() != 1) {
            return null;
        }
        String e = expr.apply(call);
        DType to = call.node().output(0).type() == null ? null : call.node().output(0).type().dtype();
        if (e == null || to == null || !to.isFloating() || call.node().op().equals("Cast")
                && (to == DType.FLOAT16 || to == DType.BFLOAT16)) {
            return null;
        }
        int[][] shapes = new int[arity][];
        for (int i = 0; i < arity; i++) {
            shapes[i] = call.shape(i);
        }
        int[] shape = Broadcasting.shape(shapes);
        DeviceLayout layout = DeviceLayout.over(shape);
        for (int i = 0; i < arity; i++) {
            layout.broadcast(i + 1, shapes[i]);
        }
        layout = layout.coalesced();
        if (!layout.fits()) {
            return null;
        }
        DeviceTensor[] inputs = new DeviceTensor[arity];
        for (int i = 0; i < arity; i++) {
            inputs[i] = call.device(i);
        }
        DeviceTensor out = call.allocate(0, shape);
        Pointwise.launch(call.gpu(), e, out, layout, inputs);
        return List.of(out);
    }
}
