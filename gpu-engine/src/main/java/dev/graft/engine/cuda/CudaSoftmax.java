package dev.graft.engine.cuda;

import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * ONNX Softmax or LogSoftmax on a CUDA device over the last axis (softmax.cu, one warp per
 * row, fp32); another axis runs the CPU op.
 */
public final class CudaSoftmax extends CudaOp {
    private final boolean log;
    private final CudaRuntime gpu;

    public CudaSoftmax(boolean log, CudaRuntime gpu) {
        super(OpRegistry.get().find("", log ? "LogSoftmax" : "Softmax"));
        this.log = log;
        this.gpu = gpu;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", -1), x.rank());
        if (axis != x.rank() - 1 || x.size() == 0) {
            return contract.execute(ctx);
        }
        int n = x.dim(axis);
        long rows = x.size() / n;
        float[] out = new float[x.size()];
        CudaKernel kernel = gpu.loader().load(KernelSource.template("softmax_rows", "softmax.cu")
                .define(Map.of("LOG", log ? 1 : 0)));
        try (DeviceBuffer in = gpu.pool().allocate(4L * x.size(), name() + " input").upload(x.floats());
             DeviceBuffer dout = gpu.pool().allocate(4L * x.size(), name() + " output")) {
            Launches.overRows(gpu, kernel, rows, in, dout, rows, n);
            dout.download(out);
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }
}
