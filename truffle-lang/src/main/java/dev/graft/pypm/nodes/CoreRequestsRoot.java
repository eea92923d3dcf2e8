package dev.graft.pypm.nodes;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;
import com.oracle.truffle.api.TruffleLanguage;
import com.oracle.truffle.api.frame.VirtualFrame;
import com.oracle.truffle.api.nodes.RootNode;
import dev.graft.pypm.core.CoreMode;

/**
 * A core-mode source evaluated through the language: answers each request line (blank
 * and comment lines get none) and returns the answers joined by newlines.
 */
public final class CoreRequestsRoot extends RootNode {
    private final TruffleLanguage<?> language;
    private final String requests;

    public CoreRequestsRoot(TruffleLanguage<?> language, String requests) {
        super(language);
        this.language = language;
        this.requests = requests;
    }

    @Override
    public Object execute(VirtualFrame frame) {
        return answers();
    }

    @TruffleBoundary
    private String answers() {
        CoreMode core = new CoreMode(language);
        StringBuilder out = new StringBuilder();
        for (String line : requests.split("\n", -1)) {
            String answer = core.answer(line);
            if (answer != null) {
                out.append(out.isEmpty() ? "" : "\n").append(answer);
            }
        }
        return out.toString();
    }
}
