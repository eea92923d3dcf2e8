package dev.graft.pypm.rules;

import dev.graft.pypm.CompiledQuery;

/** A rule with its query compiled once on the Truffle matcher. */
record CompiledRule(Rule rule, CompiledQuery query) {
}
