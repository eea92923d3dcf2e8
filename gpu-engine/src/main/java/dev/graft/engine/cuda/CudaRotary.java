package dev.graft.engine.cuda;

import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * FusedRotary (rotate-half RoPE with cos and sin broadcast to x) on a CUDA device
 * (rotary.cu, fp32). Shapes the contract refuses go to the CPU op, which says why.
 */
public final class CudaRotary extends CudaOp {
    private final CudaRuntime gpu;

    public CudaRotary(CudaRuntime gpu) {
        super(OpRegistry.get().find("", "FusedRotary"));
        this.gpu = gpu;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        Tensor cos = ctx.required(1);
        Tensor sin = ctx.required(2);
        int[] shape = x.shape();
        int rank = shape.length;
        boolean fits = rank > 0 && shape[rank - 1] % 2 == 0 && x.size() > 0
                && java.util.Arrays.equals(Broadcasting.shape(shape, cos.shape(), sin.shape()), shape);
        if (!fits) {
            return contract.execute(ctx);
        }
        long[] dims = new long[3 * rank];
        for (int a = 0; a < rank; a++) {
            dims[a] = shape[a];
        }
        CudaElementwise.strides(cos.shape(), shape, dims, rank);
        CudaElementwise.strides(sin.shape(), shape, dims, 2 * rank);
        float[] out = new float[x.size()];
        CudaKernel kernel = gpu.loader().load(KernelSource.template("rotary", "rotary.cu").define(Map.of()));
        try (DeviceBuffer dx = gpu.pool().allocate(4L * x.size(), "FusedRotary x").upload(x.floats());
             DeviceBuffer dc = gpu.pool().allocate(4L * cos.size(), "FusedRotary cos").upload(cos.floats());
             DeviceBuffer ds = gpu.pool().allocate(4L * sin.size(), "FusedRotary sin").upload(sin.floats());
             DeviceBuffer dd = gpu.pool().allocate(8L * dims.length, "FusedRotary dims").upload(dims);
             DeviceBuffer dout = gpu.pool().allocate(4L * out.length, "FusedRotary output")) {
            Launches.overElements(gpu, kernel, out.length, dx, dc, ds, dout, (long) out.length, dd, rank);
            dout.download(out);
        }
        return List.of(Tensor.ofFloats(x.dtype(), shape, out));
    }
}
