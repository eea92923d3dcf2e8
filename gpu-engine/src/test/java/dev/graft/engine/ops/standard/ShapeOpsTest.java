package dev.graft.engine.ops.standard;

import static dev.graft.engine.ops.OpRunner.assertTensor;
import static dev.graft.engine.ops.OpRunner.attrs;
import static dev.graft.engine.ops.OpRunner.f;
import static dev.graft.engine.ops.OpRunner.l;
import static dev.graft.engine.ops.OpRunner.run;
import static dev.graft.engine.ops.OpRunner.runWithConstants;
import static dev.graft.engine.ops.OpRunner.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.ops.OpRunner;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    private static final Attributes NONE = Attributes.NONE;
    /** 0..5 as a 2 x 3 matrix. */
    private static final Tensor M = f(s(2, 3), 0, 1, 2, 3, 4, 5);

    @Test
    void shapeWithStartAndEnd() {
        Tensor x = f(s(2, 3, 4), new float[24]);
        assertTensor(s(3), new long[] {2, 3, 4}, run("Shape", NONE, x));
        assertTensor(s(1), new long[] {3}, run("Shape", attrs("start", 1, "end", -1), x));
        assertTensor(s(), new long[] {24}, run("Size", NONE, x));
    }

    @Test
    void reshapeCopiesZerosAndInfersMinusOne() {
        Tensor x = f(s(2, 3, 4), new float[24]);
        assertEquals(List.of(2, 4, 3), box(runWithConstants("Reshape", NONE, x, l(s(3), 0, -1, 3)).shape()));
        assertEquals(List.of(2, 3, 4), box(run("Reshape", NONE, x, l(s(3), 0, 0, -1)).shape()));
        UserError e = assertThrows(UserError.class, () -> runWithConstants("Reshape", NONE, x, l(s(2), 5, -1)));
        assertEquals("node 'node0' (Reshape): cannot reshape [2, 3, 4] to [5, -1]", e.getMessage());
    }

    @Test
    void expandBroadcastsAgainstTheTargetShape() {
        assertTensor(s(2, 3), new float[] {1, 1, 1, 2, 2, 2}, runWithConstants("Expand", NONE, f(s(2, 1), 1, 2), l(s(2), 1, 3)));
    }

    @Test
    void unsqueezeAndSqueeze() {
        assertEquals(List.of(1, 2, 1, 3), box(runWithConstants("Unsqueeze", NONE, M, l(s(2), 0, -2)).shape()));
        assertEquals(List.of(2, 3), box(run("Squeeze", NONE, f(s(1, 2, 1, 3), new float[6])).shape()));
        assertEquals(List.of(2, 1, 3), box(runWithConstants("Squeeze", NONE, f(s(1, 2, 1, 3), new float[6]), l(s(1), 0)).shape()));
        UserError e = assertThrows(UserError.class, () -> runWithConstants("Squeeze", NONE, M, l(s(1), 0)));
        assertEquals("node 'node0' (Squeeze): cannot squeeze axis 0 of f32[2,3]: it is not 1", e.getMessage());
    }

    @Test
    void transposeMovesAxes() {
        assertTensor(s(3, 2), new float[] {0, 3, 1, 4, 2, 5}, run("Transpose", NONE, M));
        Tensor x = f(s(1, 2, 3), 0, 1, 2, 3, 4, 5);
        assertTensor(s(3, 1, 2), new float[] {0, 3, 1, 4, 2, 5}, run("Transpose", attrs("perm", new long[] {2, 0, 1}), x));
    }

    @Test
    void concatAlongTheLastAxis() {
        assertTensor(s(2, 4), new float[] {0, 1, 2, 9, 3, 4, 5, 9}, run("Concat", attrs("axis", -1), M, f(s(2, 1), 9, 9)));
        assertTensor(s(3), new long[] {1, 2, 3}, run("Concat", attrs("axis", 0), l(s(1), 1), l(s(2), 2, 3)));
    }

    @Test
    void splitBySizesAndIntoEqualParts() {
        List<Tensor> parts = OpRunner.run("Split", attrs("axis", 1), 2, true, M, l(s(2), 1, 2));
        assertTensor(s(2, 1), new float[] {0, 3}, parts.get(0));
        assertTensor(s(2, 2), new float[] {1, 2, 4, 5}, parts.get(1));
        List<Tensor> uneven = OpRunner.run("Split", attrs("axis", 0, "num_outputs", 2), 2, false, f(s(5), 1, 2, 3, 4, 5));
        assertTensor(s(3), new float[] {1, 2, 3}, uneven.get(0));
        assertTensor(s(2), new float[] {4, 5}, uneven.get(1));
    }

    @Test
    void sliceClampsAndStepsBackwards() {
        Tensor x = f(s(6), 0, 1, 2, 3, 4, 5);
        assertTensor(s(3), new float[] {1, 2, 3}, runWithConstants("Slice", NONE, x, l(s(1), 1), l(s(1), -2)));
        assertTensor(s(3), new float[] {5, 3, 1}, runWithConstants("Slice", NONE, x, l(s(1), -1), l(s(1), Long.MIN_VALUE),
                l(s(1), 0), l(s(1), -2)));
        assertTensor(s(2), new float[] {4, 5}, runWithConstants("Slice", NONE, x, l(s(1), 4), l(s(1), Long.MAX_VALUE)));
        assertTensor(s(2, 1), new float[] {1, 4}, runWithConstants("Slice", NONE, M, l(s(1), 1), l(s(1), 2), l(s(1), 1)));
    }

    @Test
    void gatherPicksRowsWithNegativeIndices() {
        Tensor table = f(s(3, 2), 0, 1, 10, 11, 20, 21);
        assertTensor(s(2, 2), new float[] {20, 21, 0, 1}, run("Gather", NONE, table, l(s(2), -1, 0)));
        assertTensor(s(3), new float[] {1, 11, 21}, run("Gather", attrs("axis", 1), table, l(s(), 1)));
        UserError e = assertThrows(UserError.class, () -> run("Gather", NONE, table, l(s(1), 3)));
        assertEquals("node 'node0' (Gather): index 3 is out of range for axis 0 of size 3", e.getMessage());
    }

    @Test
    void gatherNDWithAndWithoutBatchDims() {
        Tensor data = f(s(2, 2), 0, 1, 2, 3);
        assertTensor(s(2), new float[] {0, 3}, run("GatherND", NONE, data, l(s(2, 2), 0, 0, 1, 1)));
        assertTensor(s(2, 2), new float[] {2, 3, 0, 1}, run("GatherND", NONE, data, l(s(2, 1), 1, 0)));
        Tensor batched = f(s(2, 2, 2), 0, 1, 2, 3, 4, 5, 6, 7);
        assertTensor(s(2, 2), new float[] {2, 3, 4, 5}, run("GatherND", attrs("batch_dims", 1), batched, l(s(2, 1), 1, 0)));
    }

    @Test
    void rangeCountsUpAndDown() {
        assertTensor(s(3), new long[] {0, 2, 4}, run("Range", NONE, l(s(), 0), l(s(), 5), l(s(), 2)));
        assertTensor(s(2), new float[] {1, 0.5f}, run("Range", NONE, f(s(), 1), f(s(), 0.4f), f(s(), -0.5f)));
        assertTensor(s(0), new long[0], run("Range", NONE, l(s(), 5), l(s(), 0), l(s(), 1)));
    }

    @Test
    void cumSumForwardExclusiveAndReverse() {
        Tensor x = l(s(4), 1, 2, 3, 4);
        assertTensor(s(4), new long[] {1, 3, 6, 10}, run("CumSum", NONE, x, l(s(), 0)));
        assertTensor(s(4), new long[] {0, 1, 3, 6}, run("CumSum", attrs("exclusive", 1), x, l(s(), 0)));
        assertTensor(s(4), new long[] {10, 9, 7, 4}, run("CumSum", attrs("reverse", 1), x, l(s(), 0)));
        assertTensor(s(2, 3), new float[] {0, 1, 3, 3, 7, 12}, run("CumSum", NONE, M, l(s(), 1)));
    }

    @Test
    void constantsAndConstantOfShape() {
        assertTensor(s(2, 2), new long[] {7, 7, 7, 7},
                runWithConstants("ConstantOfShape", attrs("value", l(s(1), 7)), l(s(2), 2, 2)));
        assertTensor(s(1, 2), new float[] {0, 0}, run("ConstantOfShape", NONE, l(s(2), 1, 2)));
        assertTensor(s(2), new long[] {3, 4}, run("Constant", attrs("value_ints", new long[] {3, 4})));
        assertTensor(s(), new float[] {2.5f}, run("Constant", attrs("value_float", 2.5f)));
    }

    @Test
    void triluKeepsATriangle() {
        Tensor ones = f(s(3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertTensor(s(3, 3), new float[] {1, 1, 1, 0, 1, 1, 0, 0, 1}, run("Trilu", NONE, ones));
        assertTensor(s(3, 3), new float[] {0, 0, 0, 1, 0, 0, 1, 1, 0}, run("Trilu", attrs("upper", 0), ones, l(s(), -1)));
    }

    @Test
    void identityAndDropoutPassThrough() {
        assertTensor(s(2, 3), M.floats(), run("Identity", NONE, M));
        List<Tensor> out = OpRunner.run("Dropout", NONE, 2, false, M);
        assertTensor(s(2, 3), M.floats(), out.get(0));
        assertEquals(DType.BOOL, out.get(1).dtype());
    }

    private static List<Integer> box(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }
}
