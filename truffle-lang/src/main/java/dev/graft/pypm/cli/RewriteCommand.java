package dev.graft.pypm.cli;

import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextWriter;
import dev.graft.pypm.rules.RewriteReport;
import dev.graft.pypm.rules.RuleEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code graft rewrite MODEL --rules FILE_OR_DIR [--out FILE] [--report]}: rewrites a
 * model with a rule set and writes the result in the engine's text format (to
 * {@code --out}, else to stdout). The report goes to stdout with {@code --out}, to
 * stderr without, so stdout stays a graph.
 */
@Command(name = "rewrite", mixinStandardHelpOptions = true,
        description = {"Rewrites a model (.onnx or text format) with pattern-language rules.",
            "Writes the rewritten graph in Graft's text format to --out, or to stdout."})
public final class RewriteCommand implements GraftCommand, Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelAndRules input;

    @Option(names = "--out", paramLabel = "FILE", description = "where to write the rewritten graph")
    Path out;

    @Option(names = "--report", description = "list each rule with the nodes it rewrote")
    boolean report;

    @Override
    public Integer call() {
        if (out != null && out.getFileName().toString().endsWith(".onnx")) {
            throw new UserError("--out " + out + ": rewrite writes Graft's text format, not ONNX; "
                    + "name the file without .onnx (e.g. .graft)");
        }
        RuleEngine engine = input.ruleEngine();
        Graph graph = input.graph();
        RewriteReport result = engine.rewrite(graph);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter log = out != null ? stdout : spec.commandLine().getErr();
        String text = result.format();
        log.print(report ? text : text.lines().findFirst().orElse("") + "\n");
        log.flush();
        String written = GraphTextWriter.write(graph);
        if (out == null) {
            stdout.print(written);
        } else {
            try {
                Files.writeString(out, written, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError(out + ": cannot write: " + e.getMessage(), e);
            }
            stdout.println("wrote " + out);
        }
        stdout.flush();
        return 0;
    }
}
