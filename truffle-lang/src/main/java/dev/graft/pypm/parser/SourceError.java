package dev.graft.pypm.parser;

/**
 * Bad pattern-language input, reported before anything is matched: a syntax error,
 * an unknown name, a wrong arity, an ill-formed definition or rule. The message is
 * {@code file:line:col: what}, then the source line and a caret under the column,
 * the same for every kind of error so tests can pin it.
 */
public final class SourceError extends RuntimeException {
    private final Span span;
    private final String reason;

    public SourceError(Span span, String reason) {
        super(format(span, reason));
        this.span = span;
        this.reason = reason;
    }

    public Span span() {
        return span;
    }

    /** The message without the location and source excerpt. */
    public String reason() {
        return reason;
    }

    /** The first line of the message: {@code file:line:col: reason}. */
    public String headline() {
        return span.where() + ": " + reason;
    }

    private static String format(Span span, String reason) {
        SourceText src = span.source();
        int line = src.line(span.start());
        String text = src.lineText(line);
        int col = src.column(span.start());
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < col - 1 && i < text.length(); i++) {
            caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        caret.append('^');
        return span.where() + ": " + reason + "\n" + text + "\n" + caret;
    }
}
