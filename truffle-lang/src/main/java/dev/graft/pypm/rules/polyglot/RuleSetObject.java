package dev.graft.pypm.rules.polyglot;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.TruffleLanguage.ContextReference;
import com.oracle.truffle.api.interop.ArityException;
import com.oracle.truffle.api.interop.InteropLibrary;
import com.oracle.truffle.api.interop.TruffleObject;
import com.oracle.truffle.api.interop.UnknownIdentifierException;
import com.oracle.truffle.api.interop.UnsupportedTypeException;
import com.oracle.truffle.api.library.ExportLibrary;
import com.oracle.truffle.api.library.ExportMessage;
import dev.graft.engine.graph.Graph;
import dev.graft.pypm.PypmLanguage;
import dev.graft.pypm.rules.Rule;
import dev.graft.pypm.rules.RuleEngine;
import dev.graft.pypm.rules.RuleSet;

/**
 * A loaded rule set as a polyglot value. Members: {@code rewrite(graph)} rewrites an
 * engine {@link Graph} the host holds, in place, and returns the report as text;
 * {@code rules} is the rule names, highest priority first, joined by commas.
 */
@ExportLibrary(InteropLibrary.class)
public final class RuleSetObject implements TruffleObject {
    private static final ContextReference<TruffleLanguage.Env> ENV = ContextReference.create(PypmLanguage.class);
    private static final String REWRITE = "rewrite";
    private static final String RULES = "rules";

    private final RuleSet rules;
    private final TruffleLanguage<?> language;
    private RuleEngine engine;

    RuleSetObject(RuleSet rules, TruffleLanguage<?> language) {
        this.rules = rules;
        this.language = language;
    }

    @ExportMessage
    boolean hasMembers() {
        return true;
    }

    @ExportMessage
    Object getMembers(boolean includeInternal) {
        return new MemberNames(new String[] {REWRITE, RULES});
    }

    @ExportMessage
    boolean isMemberInvocable(String member) {
        return REWRITE.equals(member);
    }

    @ExportMessage
    boolean isMemberReadable(String member) {
        return RULES.equals(member) || REWRITE.equals(member);
    }

    @ExportMessage
    Object readMember(String member) throws UnknownIdentifierException {
        if (RULES.equals(member)) {
            return ruleNames();
        }
        throw UnknownIdentifierException.create(member);
    }

    @ExportMessage
    Object invokeMember(String member, Object[] arguments)
            throws UnknownIdentifierException, ArityException, UnsupportedTypeException {
        if (!REWRITE.equals(member)) {
            throw UnknownIdentifierException.create(member);
        }
        if (arguments.length != 1) {
            throw ArityException.create(1, 1, arguments.length);
        }
        return rewrite(arguments[0]);
    }

    @TruffleBoundary
    private String ruleNames() {
        return String.join(",", rules.rules().stream().map(Rule::name).toList());
    }

    @TruffleBoundary
    private String rewrite(Object argument) throws UnsupportedTypeException {
        TruffleLanguage.Env env = ENV.get(null);
        Object host = env.isHostObject(argument) ? env.asHostObject(argument) : null;
        if (!(host instanceof Graph graph)) {
            throw UnsupportedTypeException.create(new Object[] {argument},
                    "rewrite takes an engine graph (dev.graft.engine.graph.Graph) from the host");
        }
        if (engine == null) {
            engine = new RuleEngine(rules, language);
        }
        return engine.rewrite(graph).format();
    }
}
