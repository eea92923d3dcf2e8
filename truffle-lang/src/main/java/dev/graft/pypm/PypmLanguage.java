package dev.graft.pypm;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.TruffleLanguage;
import dev.graft.pypm.nodes.CoreRequestsRoot;
import dev.graft.pypm.rules.polyglot.RulesRoot;

/**
 * The pattern language as a Truffle language, id {@code pypm}. A source of MIME type
 * {@value #RULES_MIME_TYPE} (the default) is a {@code .pypm} rule set: evaluating it
 * gives a value whose {@code rewrite(graph)} applies the rules to an engine graph the
 * host holds (docs/POLYGLOT.md). A source of MIME type {@value #CORE_MIME_TYPE} holds
 * core-mode requests (CORE-SPEC section 8), one a line; evaluating it gives the answer
 * lines, joined by newlines. The nodes that match are owned by this language, so the
 * optimizing runtime compiles them as Truffle code.
 */
@TruffleLanguage.Registration(id = PypmLanguage.ID, name = "PyPM patterns", version = "0.1",
        defaultMimeType = PypmLanguage.RULES_MIME_TYPE,
        characterMimeTypes = {PypmLanguage.RULES_MIME_TYPE, PypmLanguage.CORE_MIME_TYPE})
public final class PypmLanguage extends TruffleLanguage<TruffleLanguage.Env> {
    public static final String ID = "pypm";
    public static final String CORE_MIME_TYPE = "application/x-pypm-core";
    public static final String RULES_MIME_TYPE = "text/x-pypm";

    @Override
    protected Env createContext(Env env) {
        return env;
    }

    @Override
    protected CallTarget parse(ParsingRequest request) {
        if (CORE_MIME_TYPE.equals(request.getSource().getMimeType())) {
            return new CoreRequestsRoot(this, request.getSource().getCharacters().toString()).getCallTarget();
        }
        return RulesRoot.parse(this, request.getSource()).getCallTarget();
    }
}
