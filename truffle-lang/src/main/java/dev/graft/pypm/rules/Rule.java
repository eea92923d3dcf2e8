package dev.graft.pypm.rules;

import dev.graft.pypm.core.Pattern;
import dev.graft.pypm.parser.Span;
import dev.graft.pypm.parser.ast.Expr;
import dev.graft.pypm.parser.ast.Replacement;
import java.util.Set;

/**
 * One rewrite rule, lowered: the core query a graph value is matched against, the
 * variables a match can bind, the optional condition checked on each match, and the
 * replacement. {@code rootOps} are the ops the matched root can have, or null when
 * the pattern can match a root of any op (a variable, a function variable).
 */
public record Rule(String name, int priority, Pattern query, Set<String> termVariables,
                   Set<String> functionVariables, Expr condition, Replacement replacement,
                   Set<String> rootOps, Span span) {

    /** {@code rule NAME (file:line:col)}, how reports and errors name a rule. */
    public String describe() {
        return "rule " + name + " (" + span.where() + ")";
    }
}
