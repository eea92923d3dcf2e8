package dev.graft.engine.ops.grad;

import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.standard.Slice;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * {@code graft.train::SliceGrad(dy, shape, starts, ends[, axes, steps]) → dx}, the
 * adjoint of Slice: dx of {@code shape} is zero except at the positions the slice read,
 * which get dy. The bounds are Slice's own inputs, resolved by {@link Slice#view}, so
 * clamping and negative steps agree with the forward op.
 */
public final class SliceGrad extends ScatterGradOp {
    public static final String NAME = "SliceGrad";

    public SliceGrad() {
        super(NAME, 1);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        int[] shape = outputShape(ctx);
        Tensor axes = ctx.input(4);
        Tensor steps = ctx.input(5);
        Slice.View view = Slice.view(shape, ctx.required(2).toLongs(), ctx.required(3).toLongs(),
                axes == null ? null : axes.toLongs(), steps == null ? null : steps.toLongs());
        Tensor dy = ctx.required(0);
        float[] dx = new float[Tensor.sizeOf(shape)];
        StridedCopy.scatterAdd(dy.floats(), dy.shape(), dx, view.offset(), view.strides());
        return List.of(Tensor.ofFloats(DType.FLOAT32, shape, dx));
    }
}
