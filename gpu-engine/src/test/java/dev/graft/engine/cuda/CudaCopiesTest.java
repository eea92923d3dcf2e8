package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.ops.TypeInference;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The strided copies of the layout ops, checked without a device: each plan's packed
 * layouts are walked exactly as broadcast.cuh's {@code layout_offsets} walks them, and the
 * copies must rebuild what the CPU op computes.
 */
class CudaCopiesTest {
    private final Random random = new Random(3);

    @Test
    void transpose() {
        check("Transpose", Map.of("perm", new Attribute.Ints(new long[] {2, 0, 1})), floats(2, 3, 4));
        check("Transpose", Map.of("perm", new Attribute.Ints(new long[] {3, 1, 0, 2})), floats(5, 1, 3, 2));
        check("Transpose", Map.of(), floats(4, 7));
    }

    @Test
    void sliceWithStepsAndNegativeBounds() {
        check("Slice", Map.of(), floats(6, 7), longs(1, -1), longs(5, 0), longs(0, 1), longs(2, -2));
        check("Slice", Map.of(), floats(2, 9, 4), longs(3), longs(100), longs(1));
    }

    @Test
    void expand() {
        check("Expand", Map.of(), floats(3, 1), longs(2, 3, 4));
        check("Expand", Map.of(), floats(1, 4, 1, 2), longs(3, 1, 5, 1));
    }

    @Test
    void concatSkipsEmptyInputs() {
        check("Concat", Map.of("axis", new Attribute.Int(1)), floats(2, 3, 4), floats(2, 1, 4), floats(2, 0, 4),
                floats(2, 2, 4));
        check("Concat", Map.of("axis", new Attribute.Int(-1)), floats(3, 2), floats(3, 5));
    }

    @Test
    void splitIntoEachOutput() {
        check("Split", Map.of("axis", new Attribute.Int(2)), floats(2, 3, 7), longs(3, 4));
        check("Split", Map.of("axis", new Attribute.Int(0)), floats(4, 5), longs(1, 3));
    }

    @Test
    void aContiguousCopyIsOneAxis() {
        DeviceLayout l = DeviceLayout.over(new int[] {2, 1, 3, 4}).same(1).coalesced();
        assertArrayEquals(new int[] {24}, l.shape());
        DeviceLayout b = DeviceLayout.over(new int[] {2, 3, 4}).broadcast(1, new int[] {3, 1}).coalesced();
        assertArrayEquals(new int[] {2, 3, 4}, b.shape());
        assertArrayEquals(new long[] {0, 1, 0}, b.strides(1));
    }

    private Tensor floats(int... shape) {
        float[] v = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat();
        }
        return Tensor.ofFloats(shape, v);
    }

    private static Tensor longs(long... v) {
        return Tensor.ofLongs(new int[] {v.length}, v);
    }

    private static void check(String op, Map<String, Attribute> attrs, Tensor... inputs) {
        Graph g = new Graph(op);
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            values.add(g.addInput("in" + i, new TensorType(inputs[i].dtype(), Shape.of(inputs[i].shape()))));
        }
        int outputs = op.equals("Split") ? (int) inputs[1].size() : 1;
        List<String> names = new ArrayList<>();
        for (int k = 0; k < outputs; k++) {
            names.add("out" + k);
        }
        Node node = g.addNode("node", "", op, new Attributes(attrs), values, names);
        node.outputs().forEach(g::addOutput);
        TypeInference.run(g);
        List<Tensor> want = OpRegistry.get().require(node).execute(new ExecutionContext(node, List.of(inputs)));
        DeviceCall call = new DeviceCall(node, OpRegistry.get().require(node), inputs.clone(), null, null,
                DeviceType.F32, null);
        int[][] shapes = call.outputShapes();
        assertNotNull(shapes);
        List<CudaCopies.Piece> pieces = CudaCopies.of(op).plan(call, shapes);
        float[][] got = new float[outputs][];
        for (int k = 0; k < outputs; k++) {
            got[k] = new float[Tensor.sizeOf(shapes[k])];
            Arrays.fill(got[k], Float.NaN);
        }
        for (CudaCopies.Piece p : pieces) {
            long[] packed = p.layout().pack();
            float[] from = inputs[p.input()].floats();
            for (long i = 0; i < packed[0]; i++) {
                long[] off = LayoutWalk.offsets(packed, i);
                got[p.output()][(int) off[0]] = from[(int) off[1]];
            }
        }
        for (int k = 0; k < outputs; k++) {
            assertArrayEquals(want.get(k).shape(), shapes[k], op + " output " + k + " shape");
            assertArrayEquals(want.get(k).floats(), got[k], op + " output " + k);
        }
        assertEquals(DType.FLOAT32, want.getFirst().dtype());
    }
}
