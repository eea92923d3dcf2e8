package dev.graft.pypm.rules.polyglot;

import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;
import com.oracle.truffle.api.source.Source;
import dev.graft.pypm.parser.ModuleSource;
import dev.graft.pypm.parser.SourceError;
import dev.graft.pypm.parser.SourceText;
import dev.graft.pypm.parser.Span;
import dev.graft.pypm.rules.KnownOps;
import dev.graft.pypm.rules.RuleLoader;
import dev.graft.pypm.rules.RuleSet;
import java.nio.file.Path;

/**
 * A {@code .pypm} source evaluated through the language ({@code Context.eval("pypm", text)}):
 * loaded and checked when parsed, so a bad rule set is a syntax error before anything
 * runs; evaluating gives the {@link RuleSetObject}. Imports resolve beside the source's
 * file, or in the working directory for a literal source.
 */
public final class RulesRoot extends RootNode {
    private final RuleSet rules;
    private final TruffleLanguage<?> language;

    private RulesRoot(TruffleLanguage<?> language, RuleSet rules) {
        super(language);
        this.language = language;
        this.rules = rules;
    }

    /** Loads the rule set of {@code source}; throws {@link RulesSyntaxError} when it does not load. */
    public static RulesRoot parse(TruffleLanguage<?> language, Source source) {
        String name = source.getPath() != null ? source.getPath() : source.getName();
        Path dir = source.getPath() != null && Path.of(source.getPath()).getParent() != null
                ? Path.of(source.getPath()).getParent() : Path.of(".");
        try {
            RuleSet rules = RuleLoader.load(new SourceText(name, source.getCharacters().toString()),
                    new ModuleSource.Directory(dir), KnownOps.standard());
            return new RulesRoot(language, rules);
        } catch (SourceError e) {
            Span at = e.span();
            boolean here = at.source().name().equals(name);
            throw new RulesSyntaxError(e, here ? source.createSection(at.start(), Math.max(0, at.end() - at.start())) : null);
        }
    }

    @Override
    public Object execute(VirtualFrame frame) {
        return new RuleSetObject(rules, language);
    }
}
