package dev.graft.serve;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.onnx.OnnxImporter;
import java.nio.file.Path;

/** The shared models of the repository's models/ folder, with dynamic batch and sequence axes. */
final class SharedModels {
    static final String LLAMA = "tiny-llama-gqa.dyn";
    static final String GPT2 = "tiny-gpt2.dyn";

    private SharedModels() {
    }

    static Path path(String file) {
        return Path.of(System.getProperty("graft.repo", "."), "models", file);
    }

    static Graph load(String name) {
        return OnnxImporter.load(path(name + ".onnx"));
    }
}
