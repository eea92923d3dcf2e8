package dev.graft.pypm.rules;

import dev.graft.engine.cli.UserError;
import dev.graft.pypm.parser.SourceError;

/** Loading a rule set named on the command line, with every problem reported as bad input. */
public final class RuleSets {
    private RuleSets() {
    }

    /**
     * Loads {@code std}, a {@code .pypm} file or a directory of them.
     *
     * @throws UserError naming the file, line and column (with the source line and a caret),
     *     or the path that holds no rules
     */
    public static RuleSet load(String spec) {
        try {
            return RuleLoader.load(spec, KnownOps.standard());
        } catch (SourceError e) {
            throw new UserError(e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
