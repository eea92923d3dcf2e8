package dev.graft.serve.synth;

import static dev.graft.serve.synth.OpEmitter.attrs;

import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;

/**
 * Rotary position embedding as exported: cos and sin tables {@code [1, 1, seq, headDim]}
 * from {@code inv_freq x positions}, and rotate-half ({@code x * cos + cat(-x2, x1) * sin},
 * x1 and x2 the two halves of the head dimension) applied to q and k.
 */
record Rotary(Value cos, Value sin, int headDim) {

    static Rotary tables(OpEmitter e, Value positionIds, int headDim, double theta) {
        int half = headDim / 2;
        float[] invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            invFreq[i] = (float) (1.0 / Math.pow(theta, 2.0 * i / headDim));
        }
        Value freq = e.weight("rotary_emb.inv_freq", Tensor.ofFloats(new int[] {1, half, 1}, invFreq));
        Value pos = e.op("Cast", attrs("to", 1), e.op("Unsqueeze", positionIds, e.ints(1)));
        Value angles = e.op("Transpose", attrs("perm", new long[] {0, 2, 1}), e.op("MatMul", freq, pos));
        Value emb = e.op("Concat", attrs("axis", -1), angles, angles);
        Value cos = e.op("Unsqueeze", e.op("Cos", emb), e.ints(1));
        Value sin = e.op("Unsqueeze", e.op("Sin", emb), e.ints(1));
        return new Rotary(cos, sin, headDim);
    }

    /** Rotates {@code x [batch, heads, seq, headDim]}. */
    Value apply(OpEmitter e, Value x) {
        long half = headDim / 2;
        Value xCos = e.op("Mul", x, cos);
        Value x1 = e.op("Slice", x, e.ints(0), e.ints(half), e.ints(3), e.ints(1));
        Value x2 = e.op("Slice", x, e.ints(half), e.ints(Long.MAX_VALUE), e.ints(3), e.ints(1));
        Value rotated = e.op("Concat", attrs("axis", -1), e.op("Neg", x2), x1);
        return e.op("Add", xCos, e.op("Mul", rotated, sin));
    }
}
