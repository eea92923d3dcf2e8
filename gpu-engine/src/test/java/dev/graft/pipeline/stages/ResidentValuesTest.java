package dev.graft.pipeline.stages;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.graft.engine.tensor.Tensor;
import dev.graft.engine.train.NodeRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResidentValuesTest {

    @Test
    void reloadsOnlyTheValuesTheHostReplaced() {
        ResidentValues device = new ResidentValues(NodeRunner.INTERPRETER);
        Tensor w = Tensor.scalar(1f);
        Tensor b = Tensor.scalar(2f);
        device.load(Map.of("w", w, "b", b));
        Tensor onDevice = Tensor.scalar(7f);
        device.values().put("w", onDevice);
        Tensor newB = Tensor.scalar(3f);
        device.load(Map.of("w", w, "b", newB));
        assertSame(onDevice, device.values().get("w"), "an unchanged parameter must not be loaded again");
        assertSame(newB, device.values().get("b"));
    }
}
