package dev.graft.pypm.rules;

import dev.graft.pypm.core.Definition;
import java.util.Comparator;
import java.util.List;

/**
 * The definitions and rules loaded from a set of {@code .pypm} files, checked for
 * well-formedness. {@link #rules()} is in the order the engine tries them: higher
 * priority first, then the order of the sources.
 */
public record RuleSet(List<Definition> definitions, List<Rule> rules) {
    public RuleSet {
        definitions = List.copyOf(definitions);
        rules = rules.stream().sorted(Comparator.comparingInt(Rule::priority).reversed()).toList();
    }
}
