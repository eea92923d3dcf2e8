package dev.graft.pypm.cli;

import dev.graft.engine.cli.CheckFailed;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backends;
import dev.graft.engine.run.ModelFiles;
import dev.graft.pypm.rules.RewriteReport;
import dev.graft.pypm.rules.RuleEngine;
import dev.graft.pypm.rules.RuleSets;
import dev.graft.pypm.rules.TranslationValidation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code graft validate MODEL --rules ...}: translation validation. Runs the model
 * before and after rewriting on the same seeded random inputs and prints the largest
 * difference per output; exits 1 when one exceeds {@code --tolerance}.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Runs a model before and after rewriting on seeded random inputs",
            "and prints the largest absolute difference per output."})
public final class ValidateCommand implements GraftCommand, Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the model: .onnx or text format")
    Path model;

    @Option(names = "--rules", required = true, paramLabel = "FILE_OR_DIR",
            description = "a .pypm file, a directory of them, or std (the standard library)")
    String rules;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random inputs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-4",
            description = "largest difference accepted (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Override
    public Integer call() {
        RuleEngine engine = new RuleEngine(RuleSets.load(rules));
        Graph original = ModelFiles.load(model);
        Graph rewritten = original.copy();
        RewriteReport report = engine.rewrite(rewritten);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.format());
        Map<String, Double> diffs = TranslationValidation.maxDifferences(original, rewritten, Backends.named("cpu"), seed);
        int failed = 0;
        for (var e : diffs.entrySet()) {
            boolean ok = e.getValue() <= tolerance;
            failed += ok ? 0 : 1;
            out.println(e.getKey() + ": max_abs_diff=" + e.getValue() + (ok ? " ok" : " FAIL"));
        }
        out.flush();
        if (failed > 0) {
            throw new CheckFailed(failed + " output(s) of " + model + " moved by more than " + tolerance
                    + " after rewriting with " + rules);
        }
        return 0;
    }
}
