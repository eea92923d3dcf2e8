package dev.graft.engine.train.interpreted;

import dev.graft.engine.cpu.Strides;
import dev.graft.engine.tensor.Tensor;

/**
 * Gather (an embedding lookup when axis is 0): the gradient of the data is zero
 * except at the gathered rows, where the output gradients add up (a token seen
 * twice gets both). Indices have no gradient.
 */
public final class GatherGradient implements InterpretedRule {
    @Override
    public String op() {
        return "Gather";
    }

    @Override
    public Tensor[] backward(InterpretedContext ctx) {
        Tensor[] out = ctx.none();
        if (!ctx.wants(0)) {
            return out;
        }
        int[] data = ctx.input(0).shape();
        int axis = InterpretedMath.axis(ctx.attributes().getInt("axis", 0), data.length);
        long[] indices = ctx.input(1).toLongs();
        int outer = Strides.span(data, 0, axis);
        int inner = Strides.span(data, axis + 1, data.length);
        int rows = data[axis];
        float[] dy = ctx.outputGrad(0).floats();
        float[] dData = new float[Tensor.sizeOf(data)];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < indices.length; j++) {
                int row = (int) (indices[j] < 0 ? indices[j] + rows : indices[j]);
                int src = (o * indices.length + j) * inner;
                int dst = (o * rows + row) * inner;
                for (int i = 0; i < inner; i++) {
                    dData[dst + i] += dy[src + i];
                }
            }
        }
        out[0] = InterpretedMath.floats(data, dData);
        return out;
    }
}
