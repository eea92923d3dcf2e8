package dev.graft.pypm.parser;

/** A pattern definition as a module sees it: the core name it lowers to, its arity and where it is written. */
public record DefinitionRef(String coreName, int arity, Span span) {
}
