package dev.graft.engine.cuda;

import dev.graft.attention.HeadConfig;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.fused.FusedAttention;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * The FusedAttention node on a CUDA device, through the attention library (ragged prefill,
 * or decode when every query has length 1). Types, attributes and shapes are checked by
 * the CPU op, whose contract this follows. Head dims the kernels are not built for (other
 * than 64, 128, 256) run on the CPU op, with a note on stderr once.
 */
public final class CudaFusedAttention extends CudaOp {
    private final CudaAttention attention;
    private boolean fallbackNoted;

    public CudaFusedAttention(CudaAttention attention) {
        super(new FusedAttention());
        this.attention = attention;
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor q = ctx.required(0);
        int headDim = q.dim(3);
        if (!HeadConfig.isSupportedHeadDim(headDim)) {
            if (!fallbackNoted) {
                fallbackNoted = true;
                System.err.println("graft: FusedAttention with head_dim " + headDim
                        + " runs on the CPU (the CUDA kernels take 64, 128 and 256)");
            }
            return contract.execute(ctx);
        }
        double scale = ctx.attributes().getFloat("scale", Float.NaN);
        boolean causal = ctx.attributes().getInt("causal", 0) == 1;
        var batch = FusedAttentionLayout.toBatch(q, ctx.required(1), ctx.required(2), ctx.input(3), scale, causal);
        return List.of(FusedAttentionLayout.toTensor(attention.run(batch), q.dtype(), q.dim(0), q.dim(2)));
    }
}
