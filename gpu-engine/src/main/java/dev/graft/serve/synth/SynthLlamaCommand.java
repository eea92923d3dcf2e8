package dev.graft.serve.synth;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graft synth llama}: a Llama decoder of the given shape. */
@Command(name = "llama", mixinStandardHelpOptions = true,
        description = {"Builds a Llama decoder (RMSNorm, RoPE, grouped-query attention, SwiGLU) with seeded random",
            "float32 weights, in the exporter's op structure, so the std rules apply. Prints a summary;",
            "--out writes the graph in Graft's text format, which every command that takes a MODEL reads.",
            "serve-bench and generate also take the spec itself: llama:layers=L,hidden=H,heads=Q,kv-heads=K,ffn=F,vocab=V"})
public final class SynthLlamaCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--layers", required = true, paramLabel = "L")
    int layers;

    @Option(names = "--hidden", required = true, paramLabel = "H")
    int hidden;

    @Option(names = "--heads", required = true, paramLabel = "Q", description = "query heads")
    int heads;

    @Option(names = "--kv-heads", required = true, paramLabel = "K", description = "key/value heads (a divisor of Q)")
    int kvHeads;

    @Option(names = "--ffn", required = true, paramLabel = "F", description = "MLP width")
    int ffn;

    @Option(names = "--vocab", required = true, paramLabel = "V")
    int vocab;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "write the graph here (text format)")
    Path out;

    @Override
    public Integer call() {
        LlamaSpec llama = new LlamaSpec(layers, hidden, heads, kvHeads, ffn, vocab, seed);
        Graph g = LlamaGraph.build(llama);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s: %d nodes, %,d parameters, input %s, output %s%n", llama, g.nodes().size(), llama.parameterCount(),
                g.inputs().getFirst(), g.outputs().getFirst());
        if (out != null) {
            try {
                Files.writeString(out, GraphTextWriter.write(g), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError(out + ": cannot write (" + e.getMessage() + ")", e);
            }
            w.println("wrote " + out);
        }
        w.flush();
        return 0;
    }
}
