package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Normalizations over the last axis on a CUDA device (norm_rows.cu, one warp per row,
 * fp32): the fused FusedRMSNorm and FusedLayerNorm, and ONNX's LayerNormalization,
 * RMSNormalization and SimplifiedLayerNormalization when they normalize the last axis
 * only, with a weight (and bias) of that axis's length, and a single output. Anything else
 * runs the CPU op.
 */
public final class CudaRowNorm extends CudaOp {
    /** The ops served, and whether each centers on the mean (LayerNorm) or not (RMSNorm). */
    static final Map<String, Boolean> CENTERED = Map.of("FusedRMSNorm", false, "FusedLayerNorm", true,
            "LayerNormalization", true, "RMSNormalization", false, "SimplifiedLayerNormalization", false);

    private final CudaRuntime gpu;

    public CudaRowNorm(String name, CudaRuntime gpu) {
        super(OpRegistry.get().find("", name));
        this.gpu = gpu;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        Tensor w = ctx.required(1);
        boolean centered = CENTERED.get(name());
        Tensor b = centered ? ctx.input(2) : null;
        int n = x.rank() == 0 ? 0 : x.dim(x.rank() - 1);
        boolean lastAxis = x.rank() > 0 && Axes.normalize(ctx.attributes().getInt("axis", -1), x.rank()) == x.rank() - 1;
        if (!x.dtype().isFloating() || !lastAxis || n == 0 || !isRowVector(w, n) || (b != null && !isRowVector(b, n))
                || ctx.node().outputs().size() != 1) {
            return contract.execute(ctx);
        }
        long rows = x.size() / n;
        float[] out = new float[x.size()];
        CudaKernel kernel = gpu.loader().load(KernelSource.template("norm_rows", "norm_rows.cu")
                .define(Map.of("CENTERED", centered ? 1 : 0, "HAS_BIAS", b != null ? 1 : 0)));
        try (DeviceBuffer in = gpu.pool().allocate(4L * x.size(), name() + " input").upload(x.floats());
             DeviceBuffer dw = gpu.pool().allocate(4L * n, name() + " weight").upload(w.floats());
             DeviceBuffer db = gpu.pool().allocate(4L * n, name() + " bias").upload(b != null ? b.floats() : new float[n]);
             DeviceBuffer dout = gpu.pool().allocate(4L * x.size(), name() + " output")) {
            Launches.overRows(gpu, kernel, rows, in, dw, db, dout, rows, n, ctx.attributes().getFloat("epsilon", 1e-5f));
            dout.download(out);
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }

    /** A floating tensor of n values laid along the last axis only (shape [n], [1, n], ...). */
    private static boolean isRowVector(Tensor t, int n) {
        return t.dtype().isFloating() && t.size() == n && t.rank() > 0 && t.dim(t.rank() - 1) == n;
    }
}
