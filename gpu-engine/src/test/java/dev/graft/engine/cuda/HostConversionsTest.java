package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.ops.standard.Cast;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the host computes for the device without one: bf16 rounding, Shape and Size of a device value. */
class HostConversionsTest {
    @Test
    void bf16RoundsToNearestEvenAsTheCpuCastDoes() {
        Random random = new Random(4);
        float[] values = new float[3 * (1 << 20) + 17];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        values[0] = Float.NaN;
        values[1] = 1.00390625f;
        values[2] = 1.01171875f;
        short[] bits = DeviceTransfer.toBf16(values);
        Tensor cast = Cast.convert(Tensor.ofFloats(new int[] {values.length}, values), DType.BFLOAT16);
        for (int i = 1; i < values.length; i++) {
            float widened = Float.intBitsToFloat((bits[i] & 0xFFFF) << 16);
            if (!(Float.isNaN(widened) && Float.isNaN(cast.floats()[i]))) {
                assertEquals(cast.floats()[i], widened, "value " + values[i]);
            }
        }
        assertEquals(1.0f, Float.intBitsToFloat(bits[1] << 16), "a tie rounds to the even neighbour");
        assertEquals(1.015625f, Float.intBitsToFloat(bits[2] << 16), "a tie rounds to the even neighbour");
        assertEquals(true, Float.isNaN(Float.intBitsToFloat(bits[0] << 16)));
    }

    @Test
    void shapeAndSizeOfADeviceValueMatchTheCpuOps() {
        int[] shape = {2, 3, 5, 7};
        Tensor x = Tensor.zeros(DType.FLOAT32, shape);
        long[][] ranges = {{}, {1}, {-2}, {1, 3}, {-3, -1}, {3, 1}, {-9, 9}};
        for (long[] range : ranges) {
            Map<String, Attribute> attrs = new HashMap<>();
            if (range.length > 0) {
                attrs.put("start", new Attribute.Int(range[0]));
            }
            if (range.length > 1) {
                attrs.put("end", new Attribute.Int(range[1]));
            }
            check("Shape", attrs, x, shape);
        }
        check("Size", Map.of(), x, shape);
    }

    private static void check(String op, Map<String, Attribute> attrs, Tensor x, int[] shape) {
        Graph g = new Graph(op);
        var in = g.addInput("x", new TensorType(x.dtype(), Shape.of(shape)));
        Node node = g.addNode("n", "", op, new Attributes(attrs), List.of(in), List.of("out"));
        Tensor want = OpRegistry.get().require(node).execute(new ExecutionContext(node, List.of(x))).getFirst();
        Tensor got = ShapeOnly.value(node, shape);
        assertArrayEquals(want.shape(), got.shape(), op + " " + attrs);
        assertArrayEquals(want.longs(), got.longs(), op + " " + attrs);
    }
}
