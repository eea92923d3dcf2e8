package dev.graft.pypm.core;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/** Writes values, terms, substitutions and answers in the S-expression wire format of CORE-SPEC section 8. */
public final class WireWriter {
    /** An Ok answer is these around its substitutions, separated by one space. */
    public static final String OK_OPEN = "(ok (";
    public static final String OK_CLOSE = "))";

    private WireWriter() {
    }

    public static String answer(Answer answer) {
        WireBuffer out = new WireBuffer();
        answer(answer, out);
        return out.toString();
    }

    public static void answer(Answer answer, WireBuffer out) {
        switch (answer) {
            case Answer.Ok ok -> {
                out.append(OK_OPEN);
                for (int i = 0; i < ok.results().size(); i++) {
                    if (i > 0) {
                        out.append(' ');
                    }
                    writeSubstitution(ok.results().get(i), out);
                }
                out.append(OK_CLOSE);
            }
            case Answer.Exhausted exhausted -> out.append("(exhausted)");
            case Answer.Error error -> {
                out.append("(error ");
                appendQuoted(error.message(), out);
                out.append(')');
            }
        }
    }

    /** {@code ((x term) ... (?F "name") ...)}: term variables first, each group sorted by name. */
    public static void writeSubstitution(Substitution s, WireBuffer out) {
        out.append('(');
        boolean first = true;
        for (Map.Entry<String, Term> binding : s.terms().entrySet()) {
            writeTermBinding(first, binding.getKey(), binding.getValue(), out);
            first = false;
        }
        for (Map.Entry<String, String> binding : s.functions().entrySet()) {
            writeFunctionBinding(first, binding.getKey(), binding.getValue(), out);
            first = false;
        }
        out.append(')');
    }

    /** One binding {@code (x term)} of a substitution, after a space unless it is the first. */
    public static void writeTermBinding(boolean first, String variable, Term term, WireBuffer out) {
        if (!first) {
            out.append(' ');
        }
        out.append('(').append(variable).append(' ');
        writeTerm(term, out);
        out.append(')');
    }

    /** One binding {@code (?F "name")} of a substitution, after a space unless it is the first. */
    public static void writeFunctionBinding(boolean first, String variable, String op, WireBuffer out) {
        if (!first) {
            out.append(' ');
        }
        out.append('(').append('?').append(variable).append(' ');
        appendQuoted(op, out);
        out.append(')');
    }

    /** {@code (OP ((name value) ...) term ...)}, unfolded, with an explicit stack so deep terms are fine. */
    public static void writeTerm(Term term, WireBuffer out) {
        if (term instanceof ScannedTerm read && read.hasText()) {
            read.appendText(out);
            return;
        }
        ArrayDeque<Object> work = new ArrayDeque<>();
        work.push(term);
        while (!work.isEmpty()) {
            Object next = work.pop();
            if (next instanceof String closing) {
                out.append(closing);
                continue;
            }
            Term t = (Term) next;
            if (t instanceof ScannedTerm read && read.hasText()) {
                read.appendText(out);
                continue;
            }
            out.append('(').append(t.op()).append(' ');
            writeAttributes(t.attributes(), out);
            work.push(")");
            for (int i = t.arity() - 1; i >= 0; i--) {
                work.push(t.child(i));
                work.push(" ");
            }
        }
    }

    public static void writeAttributes(Attributes attributes, WireBuffer out) {
        out.append('(');
        for (int i = 0; i < attributes.size(); i++) {
            out.append(i == 0 ? "(" : " (").append(attributes.name(i)).append(' ');
            writeValue(attributes.value(i), out);
            out.append(')');
        }
        out.append(')');
    }

    public static void writeValue(Value value, WireBuffer out) {
        switch (value) {
            case IntValue i -> out.append(i.value());
            case StringValue s -> appendQuoted(s.value(), out);
            case ListValue l -> {
                out.append("(list");
                for (Value element : l.elements()) {
                    out.append(' ');
                    writeValue(element, out);
                }
                out.append(')');
            }
        }
    }

    /** A string literal: only {@code "} and {@code \} are escaped; everything else passes through. */
    public static String quote(String text) {
        WireBuffer out = new WireBuffer();
        appendQuoted(text, out);
        return out.toString();
    }

    /** {@link #quote}, written straight into {@code out}. */
    static void appendQuoted(String text, WireBuffer out) {
        out.append('"');
        if (text.indexOf('"') < 0 && text.indexOf('\\') < 0) {
            out.append(text);
        } else {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        out.append('"');
    }

    /** {@code (head item ...)} from the items' own wire forms. */
    static String form(String head, List<?> items) {
        StringBuilder out = new StringBuilder("(").append(head);
        for (Object item : items) {
            out.append(' ').append(item);
        }
        return out.append(')').toString();
    }
}
