package dev.graft.engine.cuda;

import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An ONNX elementwise op on a CUDA device: one template (elementwise.cu) specialized by
 * the op's expression, over broadcast fp32 operands (f16 and bf16 graphs compute in fp32,
 * as the CPU ops do). Integer operands run the CPU op.
 */
public final class CudaElementwise extends CudaOp {
    /** Unary ops and their expression of x. */
    static final Map<String, String> UNARY = Map.of("Neg", "-x", "Exp", "expf(x)", "Log", "logf(x)",
            "Sqrt", "sqrtf(x)", "Reciprocal", "1.0f / x", "Tanh", "tanhf(x)",
            "Sigmoid", "1.0f / (1.0f + expf(-x))", "Relu", "fmaxf(x, 0.0f)", "Erf", "erff(x)");
    /** Binary ops and their expression of x and y (Pow squares exactly, as the CPU op does). */
    static final Map<String, String> BINARY = Map.of("Add", "x + y", "Sub", "x - y", "Mul", "x * y",
            "Div", "x / y", "Pow", "(y == 2.0f ? x * x : powf(x, y))");

    private final CudaRuntime gpu;

    public CudaElementwise(String name, CudaRuntime gpu) {
        super(OpRegistry.get().find("", name));
        this.gpu = gpu;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        boolean binary = BINARY.containsKey(name());
        Tensor a = ctx.required(0);
        Tensor b = binary ? ctx.required(1) : a;
        if (!a.dtype().isFloating() || !b.dtype().isFloating() || ctx.inputCount() != (binary ? 2 : 1)) {
            return contract.execute(ctx);
        }
        int[] shape = binary ? Broadcasting.shape(a.shape(), b.shape()) : a.shape();
        int n = Tensor.sizeOf(shape);
        float[] out = new float[n];
        if (n > 0) {
            int rank = shape.length;
            long[] dims = new long[3 * rank];
            for (int d = 0; d < rank; d++) {
                dims[d] = shape[d];
            }
            strides(a.shape(), shape, dims, rank);
            strides(b.shape(), shape, dims, 2 * rank);
            CudaKernel kernel = gpu.loader().load(KernelSource.template("elementwise", "elementwise.cu")
                    .define(Map.of("EXPR", binary ? BINARY.get(name()) : UNARY.get(name()), "ARITY", binary ? 2 : 1)));
            try (DeviceBuffer da = gpu.pool().allocate(4L * a.size(), name() + " input").upload(a.floats());
                 DeviceBuffer db = binary ? gpu.pool().allocate(4L * b.size(), name() + " input").upload(b.floats()) : null;
                 DeviceBuffer dd = gpu.pool().allocate(8L * Math.max(1, dims.length), name() + " dims").upload(dims);
                 DeviceBuffer dc = gpu.pool().allocate(4L * n, name() + " output")) {
                Launches.overElements(gpu, kernel, n, da, binary ? db : da, dc, (long) n, dd, rank);
                dc.download(out);
            }
        }
        return List.of(Tensor.ofFloats(a.dtype(), shape, out));
    }

    /** Right-aligned element strides of an operand against the output shape, 0 where it broadcasts. */
    static void strides(int[] operand, int[] shape, long[] dims, int at) {
        long stride = 1;
        for (int d = shape.length - 1, o = operand.length - 1; d >= 0; d--, o--) {
            int size = o >= 0 ? operand[o] : 1;
            dims[at + d] = size == 1 ? 0 : stride;
            stride *= size;
        }
    }
}
