package dev.graft.engine.ops.grad;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.ops.Axes;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;

/**
 * {@code graft.train::GatherGrad(dy, indices, shape) → dx}, the adjoint of Gather along
 * {@code axis} (default 0): dx of {@code shape} is zero except at the gathered
 * positions, where the rows of dy add up (an embedding row gathered twice gets both).
 * Negative indices count from the end, as Gather reads them.
 */
public final class GatherGrad extends ScatterGradOp {
    public static final String NAME = "GatherGrad";

    public GatherGrad() {
        super(NAME, 2);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        int[] data = outputShape(ctx);
        int axis = Axes.normalize(ctx.attributes().getInt("axis", 0), data.length);
        long[] indices = ctx.required(1).toLongs();
        int outer = Strides.span(data, 0, axis);
        int inner = Strides.span(data, axis + 1, data.length);
        int rows = data[axis];
        float[] dy = ctx.required(0).floats();
        if (dy.length != outer * indices.length * inner) {
            throw new OpException(NAME + ": dy has " + dy.length + " elements, expected " + outer * indices.length * inner);
        }
        float[] dx = new float[Tensor.sizeOf(data)];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < indices.length; j++) {
                long index = indices[j] < 0 ? indices[j] + rows : indices[j];
                if (index < 0 || index >= rows) {
                    throw new OpException(NAME + ": index " + indices[j] + " at position " + j + " is outside "
                            + (-rows) + ".." + (rows - 1));
                }
                int src = (o * indices.length + j) * inner;
                int dst = (o * rows + (int) index) * inner;
                for (int i = 0; i < inner; i++) {
                    dx[dst + i] += dy[src + i];
                }
            }
        }
        return List.of(Tensor.ofFloats(DType.FLOAT32, data, dx));
    }
}
