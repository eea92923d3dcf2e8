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
 * a program that recurs gets hot and the optimizing runtime compiles it. Such a request's
 * program is found by its text alone and not read again: only its term is.
 */
public final class CoreMode {
    /** Programs kept, least recently used dropped first. */
    private static final int CACHED_PROGRAMS = 256;
    /** Capacity of the name table: far more than the names of a typical request stream. */
    private static final int NAMES = 4096;

    /** The language owning the nodes, or null outside a polyglot context. */
    private final TruffleLanguage<?> language;
    /** Names seen in requests, shared by all of them (the same ops recur). */
    private final AtomTable names = new AtomTable(NAMES);
    /** The answer line being written, reused: answers are often long. */
    private final StringBuilder answerLine = new StringBuilder();
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
        answerLine.setLength(0);
        WireWriter.answer(answerOf(requestLine), answerLine);
        return answerLine.toString();
    }

    private Answer answerOf(String line) {
        Object program;
        Subject subject;
        Request request = null;
        try {
            // A malformed first token is reported alike by the skim and the full read.
            WireReader reader = WireReader.skimming(line, names);
            program = knownProgram(reader);
            if (program != null) {
                subject = reader.subject();
            } else {
                request = WireReader.request(line, names);
                subject = new Subject(request.term(), request.fuel());
            }
        } catch (MalformedRequestException e) {
            return new Answer.Error(e.getMessage());
        } catch (StackOverflowError e) {
            return new Answer.Error("malformed request: nested too deeply to read");
        }
        if (request != null) {
            Request read = request;
            try {
                program = programs.computeIfAbsent(read.program(), text -> compile(read));
            } catch (StackOverflowError e) {
                return new Answer.Error("request nested too deeply to check");
            }
        }
        if (program instanceof CompiledQuery compiled) {
            return compiled.match(subject.term(), subject.fuel());
        }
        return (Answer.Error) program;
    }

    /**
     * The compiled program (or its well-formedness error) of a request whose program was
     * seen before, or null. A cached program read well, so the request's term and fuel are
     * all that is left to read.
     */
    private Object knownProgram(WireReader reader) {
        try {
            return programs.get(reader.program());
        } catch (MalformedRequestException e) {
            // The full read says what is wrong, and where.
            return null;
        }
    }

    private Object compile(Request request) {
        try {
            return Matcher.compile(language, request.definitions(), request.query());
        } catch (IllFormedException e) {
            return new Answer.Error(e.getMessage());
        }
    }
}
