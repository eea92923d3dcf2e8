package dev.graft.serve;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.ModelFiles;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.nio.file.Path;

/** The MODEL of generate and serve-bench: a model file, or a synth spec ({@code llama:layers=...}). */
public final class ModelArgument {
    private ModelArgument() {
    }

    public static Graph load(String model) {
        return model.startsWith("llama:") ? LlamaGraph.build(LlamaSpec.parse(model)) : ModelFiles.load(Path.of(model));
    }
}
