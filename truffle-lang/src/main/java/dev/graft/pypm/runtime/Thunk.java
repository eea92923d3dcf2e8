package dev.graft.pypm.runtime;

import dev.graft.pypm.nodes.PatternNode;

/** An argument of a call: its pattern and the activation its variables belong to. */
public record Thunk(PatternNode pattern, Env env) {
}
