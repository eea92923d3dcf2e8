package dev.graft.pypm.cli;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.ModelFiles;
import dev.graft.pypm.rules.RuleEngine;
import dev.graft.pypm.rules.RuleSets;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code MODEL --rules FILE_OR_DIR} arguments of the commands that rewrite a model
 * with a rule set ({@code rewrite}, {@code validate}), mixed into each with picocli's
 * {@code @Mixin}, and their loading.
 */
final class ModelAndRules {
    @Parameters(index = "0", paramLabel = "MODEL", description = "the model: .onnx or text format")
    Path model;

    @Option(names = "--rules", required = true, paramLabel = "FILE_OR_DIR",
            description = "a .pypm file, a directory of them, or std (the standard library)")
    String rules;

    /** A rule engine over the rule set {@code --rules} names. */
    RuleEngine ruleEngine() {
        return new RuleEngine(RuleSets.load(rules));
    }

    /** The model, read from its file. */
    Graph graph() {
        return ModelFiles.load(model);
    }
}
