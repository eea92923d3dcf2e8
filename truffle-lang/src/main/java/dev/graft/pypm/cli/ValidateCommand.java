package dev.graft.pypm.cli;

import dev.graft.engine.cli.CheckFailed;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Value;
import dev.graft.engine.run.Backends;
import dev.graft.pypm.rules.RewriteReport;
import dev.graft.pypm.rules.RuleEngine;
import dev.graft.pypm.rules.TranslationValidation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
 * difference per output; exits 1 when one exceeds {@code --tolerance} (by default
 * {@link TranslationValidation#defaultTolerance}, by the output's dtype).
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

    @Option(names = "--tolerance",
            description = "largest difference accepted (default: 1e-4 for float32 outputs, 1e-2 float16, 5e-2 bfloat16)")
    Double tolerance;

    @Override
    public Integer call() {
        RuleEngine engine = input.ruleEngine();
        Graph original = input.graph();
        Graph rewritten = original.copy();
        RewriteReport report = engine.rewrite(rewritten);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report.format());
        Map<String, Double> diffs = TranslationValidation.maxDifferences(original, rewritten, Backends.named("cpu"), seed);
        List<String> failed = new ArrayList<>();
        for (Value output : original.outputs()) {
            double diff = diffs.get(output.name());
            double accepted = tolerance != null ? tolerance : TranslationValidation.defaultTolerance(output.type().dtype());
            boolean ok = diff <= accepted;
            if (!ok) {
                failed.add(output.name() + " by " + diff + " > " + accepted);
            }
            out.println(output.name() + ": max_abs_diff=" + diff + (ok ? " ok" : " FAIL (tolerance " + accepted + ")"));
        }
        out.flush();
        if (!failed.isEmpty()) {
            throw new CheckFailed(failed.size() + " output(s) of " + input.model + " moved after rewriting with "
                    + input.rules + ": " + String.join(", ", failed));
        }
        return 0;
    }
}
