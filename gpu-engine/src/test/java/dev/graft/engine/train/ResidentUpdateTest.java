package dev.graft.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The optimizers' node form, run by a worker's runner on its values, against their host form. */
class ResidentUpdateTest {

    @Test
    void sgdWithMomentumAsNodesIsTheHostUpdate() {
        agreeOverSteps(() -> new Sgd(0.1f, 0.9f));
    }

    @Test
    void adamAsNodesIsTheHostUpdate() {
        agreeOverSteps(() -> new Adam(0.01f));
    }

    @Test
    void laterStepsMustUpdateTheSameParameters() {
        StageValues resident = HostValues.of(Map.of("w", Tensor.ofFloats(new int[] {2}, 1, 2),
                "b", Tensor.ofFloats(new int[] {1}, 3)));
        ResidentUpdate update = new ResidentUpdate(new Sgd(0.1f, 0f).rule());
        StageValues grads = NodeRunner.INTERPRETER.values(resident);
        grads.put("gw", Tensor.ofFloats(new int[] {2}, 1, 1));
        grads.put("gb", Tensor.ofFloats(new int[] {1}, 1));
        update.apply(NodeRunner.INTERPRETER, resident, grads, new TreeMap<>(Map.of("w", "gw")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> update.apply(
                NodeRunner.INTERPRETER, resident, grads, new TreeMap<>(Map.of("w", "gw", "b", "gb"))));
        assertEquals("the update was written for the gradients of [w] but this step has gradients of [b, w]",
                e.getMessage());
    }

    private static void agreeOverSteps(Supplier<Optimizer> make) {
        Map<String, Tensor> host = new LinkedHashMap<>();
        host.put("w", Tensor.ofFloats(new int[] {2, 3}, 0.5f, -1f, 2f, 0f, 3f, -0.25f));
        host.put("b", Tensor.ofFloats(new int[] {3}, 1f, -2f, 0.125f));
        Optimizer reference = make.get();
        ResidentUpdate update = new ResidentUpdate(make.get().rule());
        StageValues resident = HostValues.of(host);
        for (int step = 1; step <= 3; step++) {
            Map<String, Tensor> grads = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : host.entrySet()) {
                float[] g = e.getValue().floats().clone();
                for (int i = 0; i < g.length; i++) {
                    g[i] = g[i] * step - 0.3f * i;
                }
                grads.put(e.getKey(), Tensor.ofFloats(e.getValue().shape(), g));
            }
            try (StageValues sums = NodeRunner.INTERPRETER.values(resident)) {
                TreeMap<String, String> gradientOf = new TreeMap<>();
                grads.forEach((p, g) -> {
                    sums.put("∂" + p, g);
                    gradientOf.put(p, "∂" + p);
                });
                update.apply(NodeRunner.INTERPRETER, resident, sums, gradientOf);
            }
            host = reference.step(host, grads);
            for (String p : host.keySet()) {
                assertArrayEquals(host.get(p).floats(), resident.get(p).floats(), 1e-6f, p + " after step " + step);
            }
        }
    }
}
