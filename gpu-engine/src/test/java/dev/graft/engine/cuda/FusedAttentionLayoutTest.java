package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.AttentionReference;
import dev.graft.attention.MaskMode;
import dev.graft.attention.RandomBatches;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.ops.fused.FusedAttention;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The FusedAttention contract mapped onto the attention library, checked on the CPU: the
 * library's reference over the mapped batch must give the CPU op's output.
 */
class FusedAttentionLayoutTest {
    private final AttentionGraphs inputs = new AttentionGraphs(new Random(11));

    private Tensor random(DType dtype, int... shape) {
        return inputs.random(dtype, shape);
    }

    private void agreesWithTheCpuOp(DType dtype, boolean causal, int[] maskShape) {
        Tensor q = random(dtype, 2, 4, 5, 64);
        Tensor k = random(dtype, 2, 2, 9, 64);
        Tensor v = random(dtype, 2, 2, 9, 64);
        Tensor mask = maskShape == null ? null : random(DType.FLOAT32, maskShape);
        Tensor[] inputs = mask == null ? new Tensor[] {q, k, v} : new Tensor[] {q, k, v, mask};
        Graph g = AttentionGraphs.attentionGraph(0.17, causal, inputs);
        Tensor expected = new FusedAttention().execute(new ExecutionContext(g.nodes().getFirst(),
                Arrays.asList(inputs))).getFirst();
        var batch = FusedAttentionLayout.toBatch(q, k, v, mask, 0.17, causal);
        Tensor got = FusedAttentionLayout.toTensor(AttentionReference.run(batch), dtype, 2, 5);
        assertArrayEquals(expected.shape(), got.shape());
        double[] e = new double[expected.size()];
        double[] o = new double[got.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = expected.floats()[i];
            o[i] = got.floats()[i];
        }
        // f32 inputs are stored as fp16 on the device: their rounding is the only difference
        double tolerance = dtype == DType.FLOAT32 ? 2e-3 : 1e-5;
        assertTrue(RandomBatches.relativeError(o, e) < tolerance, "error " + RandomBatches.relativeError(o, e));
    }

    @Test
    void plainAndCausalAttentionMatchTheCpuOp() {
        agreesWithTheCpuOp(DType.FLOAT16, false, null);
        agreesWithTheCpuOp(DType.BFLOAT16, true, null);
    }

    @Test
    void masksBroadcastAsTheContractSays() {
        agreesWithTheCpuOp(DType.FLOAT16, false, new int[] {2, 1, 5, 9});
        agreesWithTheCpuOp(DType.FLOAT16, true, new int[] {1, 4, 5, 9});
        agreesWithTheCpuOp(DType.BFLOAT16, false, new int[] {9});
        agreesWithTheCpuOp(DType.FLOAT32, false, new int[] {2, 4, 5, 9});
    }

    @Test
    void aMaskWithAHeadAxisIsPerHeadOtherwiseShared() {
        Tensor q = random(DType.FLOAT16, 1, 4, 3, 64);
        Tensor kv = random(DType.FLOAT16, 1, 2, 6, 64);
        assertEquals(MaskMode.PER_HEAD, FusedAttentionLayout.toBatch(q, kv, kv, random(DType.FLOAT32, 4, 3, 6), 1,
                false).variant().mask());
        assertEquals(MaskMode.SHARED, FusedAttentionLayout.toBatch(q, kv, kv, random(DType.FLOAT32, 1, 1, 3, 6), 1,
                false).variant().mask());
    }

    @Test
    void inputsTheDeviceCannotHoldAreRefusedBeforeAnyLaunch() {
        Tensor q = random(DType.FLOAT32, 1, 2, 3, 64);
        q.floats()[7] = 1e6f;
        Tensor kv = random(DType.FLOAT32, 1, 2, 3, 64);
        OpException e = assertThrows(OpException.class, () -> FusedAttentionLayout.toBatch(q, kv, kv, null, 1, false));
        assertTrue(e.getMessage().contains("Q[0,0,0,7] = 1000000.0 is outside its range"), e.getMessage());
        assertThrows(OpException.class, () -> FusedAttentionLayout.storage(DType.INT64));
    }
}
