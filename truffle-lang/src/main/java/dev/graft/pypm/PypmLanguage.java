package dev.graft.pypm;

import com.oracle.truffle.api.CallTarget;
import com.oracle.truffle.api.TruffleLanguage;
import dev.graft.pypm.nodes.CoreRequestsRoot;

/**
 * The pattern language as a Truffle language, id {@code pypm}. A source of MIME type
 * {@value #CORE_MIME_TYPE} holds core-mode requests (CORE-SPEC section 8), one a line;
 * evaluating it gives the answer lines, joined by newlines. The nodes that match are
 * owned by this language, so the optimizing runtime compiles them as Truffle code.
 */
@TruffleLanguage.Registration(id = PypmLanguage.ID, name = "PyPM patterns", version = "0.1",
        defaultMimeType = PypmLanguage.CORE_MIME_TYPE, characterMimeTypes = PypmLanguage.CORE_MIME_TYPE)
public final class PypmLanguage extends TruffleLanguage<TruffleLanguage.Env> {
    public static final String ID = "pypm";
    public static final String CORE_MIME_TYPE = "application/x-pypm-core";

    @Override
    protected Env createContext(Env env) {
        return env;
    }

    @Override
    protected CallTarget parse(ParsingRequest request) {
        return new CoreRequestsRoot(this, request.getSource().getCharacters().toString()).getCallTarget();
    }
}
