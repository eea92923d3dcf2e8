package dev.graft.pypm.parser.ast;

import dev.graft.pypm.parser.Span;

/** {@code name=expr}: an attribute test in a pattern, or an attribute set by a replacement. */
public record Keyword(String name, Expr value, Span span) {
}
