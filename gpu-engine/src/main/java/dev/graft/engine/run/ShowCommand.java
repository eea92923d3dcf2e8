package dev.graft.engine.run;

import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft show}: what a model is made of, optionally as Graphviz DOT or Graft's text format. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Prints a model's inputs, outputs, parameter count and op histogram.")
public final class ShowCommand implements GraftCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the model: .onnx or text format")
    Path model;

    @Option(names = "--dot", paramLabel = "FILE", description = "also write the graph as Graphviz DOT")
    Path dot;

    @Option(names = "--text", paramLabel = "FILE", description = "also write the graph in Graft's text format")
    Path text;

    @Override
    public Integer call() {
        Graph graph = ModelFiles.load(model);
        PrintWriter out = spec.commandLine().getOut();
        out.print(GraphSummary.of(graph));
        if (dot != null) {
            write(dot, DotWriter.write(graph));
            out.println("wrote " + dot);
        }
        if (text != null) {
            write(text, GraphTextWriter.write(graph));
            out.println("wrote " + text);
        }
        out.flush();
        return 0;
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UserError(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
