package dev.graft.pypm.cli;

import dev.graft.engine.cli.CheckFailed;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backends;
import dev.graft.pypm.rules.RewriteReport;
import dev.graft.pypm.rules.RuleEngine;
import dev.graft.pypm.rules.TranslationValidation;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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

    @Mixin
    ModelAndRules input;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random inputs (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-4",
            description = "largest difference accepted (default: ${DEFAULT-VALUE})")
    double tolerance;

    @Override
    public Integer call() {
        RuleEngine engine = input.ruleEngine();
        Graph original = input.graph();
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
            throw new CheckFailed(failed + " output(s) of " + input.model + " moved by more than " + tolerance
                    + " after rewriting with " + input.rules);
        }
        return 0;
    }
}
