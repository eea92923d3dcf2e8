package dev.graft.pypm.core;

/** What a core-mode request matches its program against: the term and the fuel. */
record Subject(Term term, long fuel) {
}
