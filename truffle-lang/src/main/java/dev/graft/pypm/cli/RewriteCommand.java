package dev.graft.pypm.cli;

import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextWriter;
import dev.graft.pypm.rules.RewriteReport;
import dev.graft.pypm.rules.RuleEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft rewrite MODEL --rules FILE_OR_DIR [--out FILE] [--report]}: rewrites a
 * model with a rule set and writes the result to {@code --out} as ONNX ({@code .onnx})
 * or Graft's text format ({@code .graft}), else as text to stdout. The report goes to
 * stdout with {@code --out}, to stderr without, so stdout stays a graph.
 */
@Command(name = "rewrite", mixinStandardHelpOptions = true,
        description = {"Rewrites a model (.onnx or text format) with pattern-language rules.",
            "Writes the rewritten graph to --out (.onnx: ONNX, fused ops in domain dev.graft;",
            ".graft: Graft's text format), or as text to stdout."})
public final class RewriteCommand implements GraftCommand, Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelAndRules input;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the rewritten graph: X.onnx or X.graft")
    Path out;

    @Option(names = "--report", description = "list each rule with the nodes it rewrote")
    boolean report;

    @Override
    public Integer call() {
        ModelFormat format = out == null ? ModelFormat.TEXT : ModelFormat.of(out);
        RuleEngine engine = input.ruleEngine();
        Graph graph = input.graph();
        RewriteReport result = engine.rewrite(graph);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter log = out != null ? stdout : spec.commandLine().getErr();
        String text = result.format();
        log.print(report ? text : text.lines().findFirst().orElse("") + "\n");
        log.flush();
        if (out == null) {
            stdout.print(GraphTextWriter.write(graph));
        } else {
            format.write(graph, out);
            stdout.println("wrote " + out);
        }
        stdout.flush();
        return 0;
    }
}
