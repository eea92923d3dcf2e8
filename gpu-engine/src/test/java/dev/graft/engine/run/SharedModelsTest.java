package dev.graft.engine.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.onnx.OnnxImporter;
import dev.graft.engine.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four shared models, imported from ONNX and run on the CPU, match PyTorch's logits. */
class SharedModelsTest {
    static Path models() {
        return Path.of(System.getProperty("graft.repo", "..")).resolve("models");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama-gqa", "tiny-llama-gqa.dyn", "tiny-gpt2", "tiny-gpt2.dyn"})
    void matchesPyTorch(String model) {
        Graph g = OnnxImporter.load(models().resolve(model + ".onnx"));
        ExpectedFile expected = ExpectedFile.read(models().resolve(model + ".expected.json"));
        CpuExecutor executor = new CpuExecutor(g);
        for (ExpectedFile.Case c : expected.cases()) {
            Map<String, Tensor> out = executor.run(c.inputs());
            for (var e : c.outputs().entrySet()) {
                Tensor got = out.get(e.getKey());
                assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
                double diff = Comparison.maxAbsDiff(e.getValue(), got);
                assertTrue(diff <= expected.maxAbs(), model + " " + e.getKey() + " max_abs_diff=" + diff);
            }
        }
    }
}
