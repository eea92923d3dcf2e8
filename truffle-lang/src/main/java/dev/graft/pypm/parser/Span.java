package dev.graft.pypm.parser;

/** A section of a source: characters {@code [start, end)}. Every surface node keeps one for its messages. */
public record Span(SourceText source, int start, int end) {

    /** {@code file:line:col} of the start, the prefix of every message about this section. */
    public String where() {
        return source.name() + ":" + source.line(start) + ":" + source.column(start);
    }

    /** The section covering both this and {@code other} (same source). */
    public Span to(Span other) {
        return new Span(source, Math.min(start, other.start), Math.max(end, other.end));
    }

    public String text() {
        return source.text().substring(start, Math.min(end, source.text().length()));
    }
}
