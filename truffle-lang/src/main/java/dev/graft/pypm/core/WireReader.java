package dev.graft.pypm.core;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads one request line of the wire format (CORE-SPEC section 8) into a {@link Request}.
 * Anything off the grammar throws {@link MalformedRequestException} naming what was
 * expected, what was found and the column.
 */
public final class WireReader {
    /** {@link #pending} before it is first needed: most requests' terms are scanned, not read token by token. */
    private static final Term[] NO_TERMS = new Term[0];
    /** Enough for the names of one request read on its own. */
    private static final int ONE_REQUEST_NAMES = 64;

    private final WireLexer lexer;
    private final AtomTable names;
    /** Children read but not yet given to their term: one stack for the whole request, not a list per term. */
    private Term[] pending = NO_TERMS;
    private int pendingSize;

    private WireReader(char[] line, int length, AtomTable names) {
        this.lexer = new WireLexer(line, length, names);
        this.names = names;
    }

    private WireReader(String line, AtomTable names) {
        this(line.toCharArray(), line.length(), names);
    }

    /** Whether a line is blank or a comment, and so gets no answer. */
    public static boolean isComment(String line) {
        return isComment(line.toCharArray(), line.length());
    }

    /** {@link #isComment(String)} of the line {@code line[0, length)}. */
    static boolean isComment(char[] line, int length) {
        for (int i = 0; i < length; i++) {
            char c = line[i];
            if (!WireLexer.isBlank(c)) {
                return c == ';';
            }
        }
        return true;
    }

    public static Request request(String line) {
        return request(line.toCharArray(), line.length(), new AtomTable(ONE_REQUEST_NAMES));
    }

    /** Reads the request {@code line[0, length)}, interning its names in {@code names}. */
    static Request request(char[] line, int length, AtomTable names) {
        WireReader reader = new WireReader(line, length, names);
        reader.matchKeyword();
        int programColumn = reader.lexer.column;
        List<Definition> definitions = reader.definitions();
        Pattern query = reader.pattern();
        String program = reader.lexer.textSince(programColumn);
        Subject subject = reader.subject(null);
        return new Request(definitions, query, program, subject.term(), subject.fuel());
    }

    /**
     * Starts reading a request whose program may be known already: {@link #program} gives
     * its text without building it, {@link #subject} then reads the rest.
     */
    static WireReader skimming(char[] line, int length, AtomTable names) {
        return new WireReader(line, length, names);
    }

    /**
     * Starts reading a request whose program is known to end at index {@code programEnd}
     * of the line: {@link #subject} reads the rest.
     */
    static WireReader after(char[] line, int length, AtomTable names, int programEnd) {
        WireReader reader = new WireReader(line, length, names);
        reader.lexer.moveTo(programEnd);
        return reader;
    }

    /**
     * The program text of the request (its definitions and query, as {@link Request#program}
     * has it), found by matching brackets alone. For a well-formed program this is the text
     * that {@link #request} reads; a malformed one may be cut differently, so a caller uses
     * the text only to find a program read before, and reads the whole request otherwise.
     */
    ProgramText program() {
        matchKeyword();
        int programColumn = lexer.column;
        int definitionsEnd = lexer.formEnd(lexer.tokenStart());
        int queryEnd = definitionsEnd < 0 ? -1 : lexer.formEnd(definitionsEnd);
        if (queryEnd >= 0) {
            lexer.moveTo(queryEnd);
        } else {
            // The token reader says what is wrong.
            skipForm();
            skipForm();
        }
        return lexer.textInPlaceSince(programColumn);
    }

    /**
     * The rest of a request after its program: the term, the fuel and the closing bracket;
     * the term read into {@code reused} when not null (see {@link ScannedTerms#reuse}).
     */
    Subject subject(ScannedTerms reused) {
        TermScanner scanner = new TermScanner(lexer.chars(), lexer.tokenStart(), lexer.length(), names, reused);
        Term term = scanner.term();
        if (term == null) {
            term = term();
        } else {
            long fuel = plainFuelThenEnd(scanner.position());
            if (fuel >= 0) {
                return new Subject(term, fuel);
            }
            lexer.moveTo(scanner.position());
        }
        long fuel = fuel();
        close("request");
        if (lexer.kind != WireLexer.Kind.END) {
            throw unexpected("end of line after the request");
        }
        return new Subject(term, fuel);
    }

    /**
     * The fuel when the line goes on from {@code p} as most requests end, one space, at
     * most 18 digits, {@code ')'} and nothing more, read in place; otherwise -1, and the
     * token reader reads the rest and says what is wrong.
     */
    private long plainFuelThenEnd(int p) {
        char[] chars = lexer.chars();
        int length = lexer.length();
        if (p == length || chars[p] != ' ') {
            return -1;
        }
        int digitsStart = ++p;
        long fuel = 0;
        while (p < length && chars[p] >= '0' && chars[p] <= '9' && p - digitsStart < 18) {
            fuel = 10 * fuel + (chars[p++] - '0');
        }
        return p > digitsStart && p + 1 == length && chars[p] == ')' ? fuel : -1;
    }

    /** Reads a single term, e.g. for tests and tools that keep terms in files. */
    public static Term term(String text) {
        WireReader reader = new WireReader(text, new AtomTable(ONE_REQUEST_NAMES));
        Term term = reader.term();
        if (reader.lexer.kind != WireLexer.Kind.END) {
            throw reader.unexpected("end of text after the term");
        }
        return term;
    }

    private void matchKeyword() {
        open("a request '(match ...)'");
        keyword("match");
    }

    /** Passes over one atom, string or bracketed form. */
    private void skipForm() {
        int depth = 0;
        do {
            switch (lexer.kind) {
                case OPEN -> depth++;
                case CLOSE -> depth--;
                case END -> throw unexpected("the rest of the program");
                default -> { }
            }
            if (depth < 0) {
                throw unexpected("a form");
            }
            lexer.advance();
        } while (depth > 0);
    }

    private List<Definition> definitions() {
        open("the definition list");
        List<Definition> out = new ArrayList<>();
        while (lexer.kind != WireLexer.Kind.CLOSE) {
            open("a definition '(def NAME (x ...) pattern)' or ')'");
            keyword("def");
            String name = identifier("definition name");
            open("the parameter list of ", name);
            List<String> params = new ArrayList<>();
            while (lexer.kind != WireLexer.Kind.CLOSE) {
                params.add(identifier("parameter name of ", name));
            }
            lexer.advance();
            Pattern body = pattern();
            close("definition ", name);
            out.add(new Definition(name, params, body));
        }
        lexer.advance();
        return out;
    }

    private Pattern pattern() {
        if (lexer.is("_")) {
            lexer.advance();
            return new Pattern.Wildcard();
        }
        open("a pattern");
        int headColumn = lexer.column;
        String head = atom("a pattern form (var, op, fvar, alt, and, guard, exists, existsf, call)");
        Pattern p = switch (head) {
            case "var" -> new Pattern.Var(identifier("variable name"));
            case "op" -> new Pattern.OpPattern(identifier("op name"), patterns());
            case "fvar" -> new Pattern.FunVar(identifier("function variable name"), patterns());
            case "alt" -> new Pattern.Alt(pattern(), pattern());
            case "and" -> new Pattern.And(pattern(), pattern());
            case "guard" -> new Pattern.Guarded(pattern(), guard());
            case "exists" -> new Pattern.Exists(identifier("variable name"), pattern());
            case "existsf" -> new Pattern.ExistsFun(identifier("function variable name"), pattern());
            case "call" -> new Pattern.Call(identifier("definition name"), patterns());
            default -> throw malformed("unknown pattern form '" + head + "'", headColumn);
        };
        close("the form ", head);
        return p;
    }

    private List<Pattern> patterns() {
        List<Pattern> out = new ArrayList<>();
        while (lexer.kind != WireLexer.Kind.CLOSE && lexer.kind != WireLexer.Kind.END) {
            out.add(pattern());
        }
        return out;
    }

    private Guard guard() {
        if (lexer.kind == WireLexer.Kind.STRING) {
            String s = lexer.string;
            lexer.advance();
            return new Guard.Str(s);
        }
        if (lexer.kind == WireLexer.Kind.ATOM) {
            if (lexer.is("true") || lexer.is("false")) {
                boolean value = lexer.is("true");
                lexer.advance();
                return new Guard.Bool(value);
            }
            if (lexer.integer) {
                return new Guard.Int(integer("integer"));
            }
            throw unexpected("a guard");
        }
        open("a guard");
        int headColumn = lexer.column;
        String head = atom("a guard form");
        BinaryOp binary = BinaryOp.bySymbol(head);
        Guard g;
        if (binary != null) {
            g = new Guard.Binary(binary, guard(), guard());
        } else {
            g = switch (head) {
                case "list" -> {
                    List<Guard> elements = new ArrayList<>();
                    while (lexer.kind != WireLexer.Kind.CLOSE && lexer.kind != WireLexer.Kind.END) {
                        elements.add(guard());
                    }
                    yield new Guard.ListOf(elements);
                }
                case "opof" -> new Guard.OpOf(identifier("variable name"));
                case "attr" -> new Guard.AttrOf(identifier("variable name"), string("attribute name"));
                case "arity" -> new Guard.ArityOf(identifier("variable name"));
                case "fname" -> new Guard.FunName(identifier("function variable name"));
                case "len" -> new Guard.Len(guard());
                case "index" -> new Guard.Index(guard(), guard());
                case "and" -> new Guard.And(guard(), guard());
                case "or" -> new Guard.Or(guard(), guard());
                case "not" -> new Guard.Not(guard());
                default -> throw malformed("unknown guard form '" + head + "'", headColumn);
            };
        }
        close("the form ", head);
        return g;
    }

    private Term term() {
        open("a term '(OP ((name value) ...) term ...)'");
        String op = identifier("op name");
        open("the attribute list (write () for none) of ", op);
        Attributes attributes = Attributes.EMPTY;
        if (lexer.kind != WireLexer.Kind.CLOSE) {
            attributes = attributes(op);
        }
        lexer.advance();
        int first = pendingSize;
        while (lexer.kind != WireLexer.Kind.CLOSE && lexer.kind != WireLexer.Kind.END) {
            Term child = term();
            if (pendingSize == pending.length) {
                pending = Arrays.copyOf(pending, Math.max(16, 2 * pendingSize));
            }
            pending[pendingSize++] = child;
        }
        close("term ", op);
        Term[] children = Arrays.copyOfRange(pending, first, pendingSize);
        // The stale slots are overwritten or die with this reader, which reads one request.
        pendingSize = first;
        return TreeTerm.owning(op, attributes, children);
    }

    private Attributes attributes(String op) {
        List<String> names = new ArrayList<>(2);
        List<Value> values = new ArrayList<>(2);
        while (lexer.kind != WireLexer.Kind.CLOSE) {
            open("an attribute '(name value)' or ')'");
            names.add(identifier("attribute name"));
            values.add(value());
            close("attribute ", names.getLast());
        }
        try {
            return Attributes.sortInPlace(names.toArray(new String[0]), values.toArray(new Value[0]));
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage() + " in term " + op);
        }
    }

    private Value value() {
        if (lexer.kind == WireLexer.Kind.STRING) {
            String s = lexer.string;
            lexer.advance();
            return new StringValue(s);
        }
        if (lexer.kind == WireLexer.Kind.ATOM) {
            return IntValue.of(integer("a value (INT, \"string\" or (list ...))"));
        }
        open("a value (INT, \"string\" or (list ...))");
        keyword("list");
        List<Value> elements = new ArrayList<>();
        while (lexer.kind != WireLexer.Kind.CLOSE && lexer.kind != WireLexer.Kind.END) {
            elements.add(value());
        }
        close("(list ...)");
        return new ListValue(elements);
    }

    private long fuel() {
        if (lexer.kind != WireLexer.Kind.ATOM || !lexer.integer) {
            throw unexpected("the fuel (a non-negative integer)");
        }
        // The fuel is an INT by value: -0 is fuel 0.
        long fuel;
        try {
            fuel = lexer.longValue();
        } catch (NumberFormatException e) {
            // Fuel bounds the depth of nested calls; past 2^63 no run could tell the difference.
            fuel = new BigInteger(lexer.text()).signum() < 0 ? -1 : Long.MAX_VALUE;
        }
        if (fuel < 0) {
            throw malformed("negative fuel " + lexer.text());
        }
        lexer.advance();
        return fuel;
    }

    private long integer(String what) {
        if (lexer.kind != WireLexer.Kind.ATOM || !lexer.integer) {
            throw unexpected(what);
        }
        try {
            long value = lexer.longValue();
            lexer.advance();
            return value;
        } catch (NumberFormatException e) {
            throw malformed("integer " + lexer.text() + " does not fit in 64 bits");
        }
    }

    private String identifier(String what) {
        return identifier(what, "");
    }

    private String identifier(String what, String of) {
        if (lexer.kind != WireLexer.Kind.ATOM || !lexer.identifier) {
            throw unexpected(what + of + " (an identifier)");
        }
        String identifier = lexer.name();
        lexer.advance();
        return identifier;
    }

    private String string(String what) {
        if (lexer.kind != WireLexer.Kind.STRING) {
            throw unexpected(what + " (a string)");
        }
        String s = lexer.string;
        lexer.advance();
        return s;
    }

    private String atom(String what) {
        if (lexer.kind != WireLexer.Kind.ATOM) {
            throw unexpected(what);
        }
        String a = lexer.name();
        lexer.advance();
        return a;
    }

    private void keyword(String word) {
        if (!lexer.is(word)) {
            throw unexpected("'" + word + "'");
        }
        lexer.advance();
    }

    private void open(String what) {
        open(what, "");
    }

    /** Expects '('; the description is {@code what + name}, joined only on error (this runs per token). */
    private void open(String what, String name) {
        if (lexer.kind != WireLexer.Kind.OPEN) {
            throw unexpected(what + name);
        }
        lexer.advance();
    }

    private void close(String what) {
        close(what, "");
    }

    private void close(String what, String name) {
        if (lexer.kind != WireLexer.Kind.CLOSE) {
            throw unexpected("')' to close " + what + name);
        }
        lexer.advance();
    }

    private MalformedRequestException unexpected(String expected) {
        return malformed("expected " + expected + ", found " + lexer.describe());
    }

    private MalformedRequestException malformed(String problem) {
        return malformed(problem, lexer.column);
    }

    private static MalformedRequestException malformed(String problem, int column) {
        return new MalformedRequestException("malformed request: " + problem + " at column " + column);
    }
}
