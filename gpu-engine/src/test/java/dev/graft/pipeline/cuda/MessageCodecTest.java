package dev.graft.pipeline.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    @Test
    void tensorsOfEveryKindComeBackAsSent() {
        Map<String, Tensor> message = Map.of(
                "h", Tensor.ofFloats(DType.FLOAT32, new int[] {2, 3}, 1, -2, 3.5f, Float.MIN_VALUE, 0, 7),
                "ids", Tensor.ofLongs(new int[] {3}, 5, -1, Long.MAX_VALUE),
                "empty", Tensor.ofFloats(DType.FLOAT32, new int[] {0, 4}),
                "scalar", Tensor.scalar(2.5f));
        MessageCodec.Encoded e = MessageCodec.encode(message);
        assertEquals(6 * 4 + 3 * 8 + 4, e.layout().bytes());
        Map<String, Tensor> back = MessageCodec.decode(e.layout(), e.data());
        assertEquals(message.keySet(), back.keySet());
        message.forEach((name, t) -> {
            assertArrayEquals(t.shape(), back.get(name).shape(), name);
            assertEquals(t.dtype(), back.get(name).dtype(), name);
            assertEquals(t, back.get(name), name);
        });
    }

    @Test
    void onlyNamedTensorsCanTravel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(true));
        assertEquals("GPU workers move messages of named tensors, not true", e.getMessage());
    }
}
