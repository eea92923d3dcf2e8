package dev.graft.engine.cuda;

import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * ONNX Softmax or LogSoftmax on a CUDA device over the last axis (softmax.cu, one warp per
 * row, fp32); another axis runs the CPU op.
 */
public final class CudaSoftmax implements Op {
    private final boolean log;
    private final Op contract;
    private final CudaRuntime gpu;

    public CudaSoftmax(boolean log, CudaRuntime gpu) {
        this.log = log;
        this.contract = OpRegistry.get().find("", log ? "LogSoftmax" : "Softmax");
        this.gpu = gpu;
    }

    @Override
    public String name() {
        return contract.name();
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        return contract.inferTypes(ctx);
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
            kernel.launch(gpu.stream(), new int[] {(int) ((rows + 3) / 4), 1, 1}, new int[] {128, 1, 1}, 0,
                    in, dout, rows, n);
            gpu.stream().synchronize();
            dout.download(out);
        }
        return List.of(Tensor.ofFloats(x.dtype(), x.shape(), out));
    }
}
