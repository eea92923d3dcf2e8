package dev.graft.pypm.core;

import dev.graft.pypm.Matcher;

/**
 * Core mode: one request line of CORE-SPEC section 8 in, one answer line out, matched
 * by the Truffle interpreter. Never throws on bad input: a malformed or ill-formed
 * request gets {@code (error "...")}. One instance per thread.
 */
public final class CoreMode {
    public CoreMode() {
    }

    /** The answer line for a request line, or null for a blank or comment line (which gets no answer). */
    public String answer(String requestLine) {
        if (WireReader.isComment(requestLine)) {
            return null;
        }
        return WireWriter.answer(answerOf(requestLine));
    }

    private static Answer answerOf(String line) {
        Request request;
        try {
            request = WireReader.request(line);
        } catch (MalformedRequestException e) {
            return new Answer.Error(e.getMessage());
        } catch (StackOverflowError e) {
            return new Answer.Error("malformed request: nested too deeply to read");
        }
        try {
            return Matcher.answer(request.definitions(), request.query(), request.term(), request.fuel());
        } catch (StackOverflowError e) {
            return new Answer.Error("request nested too deeply to check");
        }
    }
}
