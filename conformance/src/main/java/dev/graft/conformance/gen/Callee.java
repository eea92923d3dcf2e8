package dev.graft.conformance.gen;

import java.util.Set;

/** A definition the generator may call: its name, arity, and which parameters a guard reads (those take a variable). */
record Callee(String name, int arity, Set<Integer> guardUsed) {
}
