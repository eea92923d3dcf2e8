package dev.graft.pypm.core;

import com.oracle.truffle.api.TruffleLanguage;
import dev.graft.pypm.CompiledQuery;
import dev.graft.pypm.Matcher;
import java.util.Arrays;

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
    /** How a request line starts when its program can be looked up in place. */
    private static final char[] MATCH = "(match ".toCharArray();
    /** Capacity of the name table: far more than the names of a typical request stream. */
    private static final int NAMES = 4096;

    /** The language owning the nodes, or null outside a polyglot context. */
    private final TruffleLanguage<?> language;
    /** Names seen in requests, shared by all of them (the same ops recur). */
    private final AtomTable names = new AtomTable(NAMES);
    /** The terms of the request being answered, reused: no term outlives its answer. */
    private final ScannedTerms terms = new ScannedTerms(new char[0], names, 256);
    /** The answer line being written, reused: answers are often long. */
    private final WireBuffer answerLine = new WireBuffer();
    /** Compiled queries, or the well-formedness error, by program text. */
    private final ProgramIndex programs = new ProgramIndex();

    public CoreMode() {
        this(null);
    }

    public CoreMode(TruffleLanguage<?> language) {
        this.language = language;
    }

    /** The answer line for a request line, or null for a blank or comment line (which gets no answer). */
    public String answer(String requestLine) {
        answerLine.clear();
        return answer(requestLine.toCharArray(), requestLine.length(), answerLine) ? answerLine.toString() : null;
    }

    /**
     * Appends the answer line for the request line {@code line[0, length)} (without a
     * line break) to {@code out}; false, appending nothing, for a blank or comment line.
     * The answer is written from the matcher's bindings straight into {@code out}. The
     * caller may reuse the array for the next line once this returns: nothing read from
     * a request outlives its answer.
     */
    public boolean answer(char[] line, int length, WireBuffer out) {
        if (WireReader.isComment(line, length)) {
            return false;
        }
        Object program;
        Subject subject;
        Request request = null;
        try {
            ProgramIndex.Known known = startsWithMatch(line, length) ? programs.startingAt(line, MATCH.length, length) : null;
            if (known != null) {
                program = known.value();
                subject = WireReader.after(line, length, names, MATCH.length + known.text().length()).subject(terms);
            } else {
                // A malformed first token is reported alike by the skim and the full read.
                WireReader reader = WireReader.skimming(line, length, names);
                program = knownProgram(reader);
                if (program != null) {
                    subject = reader.subject(terms);
                } else {
                    request = WireReader.request(line, length, names);
                    subject = new Subject(request.term(), request.fuel());
                }
            }
        } catch (MalformedRequestException e) {
            return error(e.getMessage(), out);
        } catch (StackOverflowError e) {
            return error("malformed request: nested too deeply to read", out);
        }
        if (request != null) {
            ProgramText text = ProgramText.of(request.program());
            program = programs.get(text);
            if (program == null) {
                try {
                    program = compile(request);
                } catch (StackOverflowError e) {
                    return error("request nested too deeply to check", out);
                }
                programs.put(text, program);
            }
        }
        if (program instanceof CompiledQuery compiled) {
            compiled.writeAnswer(subject.term(), subject.fuel(), out);
        } else {
            WireWriter.answer((Answer.Error) program, out);
        }
        return true;
    }

    private static boolean startsWithMatch(char[] line, int length) {
        return length >= MATCH.length && Arrays.equals(line, 0, MATCH.length, MATCH, 0, MATCH.length);
    }

    private static boolean error(String message, WireBuffer out) {
        WireWriter.answer(new Answer.Error(message), out);
        return true;
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
