package dev.graft.pypm.core;

import com.oracle.truffle.api.TruffleLanguage;
import dev.graft.pypm.CompiledQuery;
import dev.graft.pypm.Matcher;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Core mode: one request line of CORE-SPEC section 8 in, one answer line out, matched
 * by the Truffle interpreter. Never throws on bad input: a malformed or ill-formed
 * request gets {@code (error "...")}. One instance per thread.
 *
 * <p>Requests that repeat a program (the same definitions and query, as text) reuse its
 * checked and built nodes, the way a rule set is matched against many graph nodes; so
 * a program that recurs gets hot and the optimizing runtime compiles it.
 */
public final class CoreMode {
    /** Programs kept, least recently used dropped first. */
    private static final int CACHED_PROGRAMS = 256;

    /** The language owning the nodes, or null outside a polyglot context. */
    private final TruffleLanguage<?> language;
    /** Compiled queries, or the well-formedness error, by program text. */
    private final Map<String, Object> programs = new LinkedHashMap<>(CACHED_PROGRAMS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHED_PROGRAMS;
        }
    };

    public CoreMode() {
        this(null);
    }

    public CoreMode(TruffleLanguage<?> language) {
        this.language = language;
    }

    /** The answer line for a request line, or null for a blank or comment line (which gets no answer). */
    public String answer(String requestLine) {
        if (WireReader.isComment(requestLine)) {
            return null;
        }
        return WireWriter.answer(answerOf(requestLine));
    }

    private Answer answerOf(String line) {
        Request request;
        try {
            request = WireReader.request(line);
        } catch (MalformedRequestException e) {
            return new Answer.Error(e.getMessage());
        } catch (StackOverflowError e) {
            return new Answer.Error("malformed request: nested too deeply to read");
        }
        Object program;
        try {
            program = programs.computeIfAbsent(request.program(), text -> compile(request));
        } catch (StackOverflowError e) {
            return new Answer.Error("request nested too deeply to check");
        }
        if (program instanceof CompiledQuery compiled) {
            return compiled.match(request.term(), request.fuel());
        }
        return (Answer.Error) program;
    }

    private Object compile(Request request) {
        try {
            return Matcher.compile(language, request.definitions(), request.query());
        } catch (IllFormedException e) {
            return new Answer.Error(e.getMessage());
        }
    }
}
