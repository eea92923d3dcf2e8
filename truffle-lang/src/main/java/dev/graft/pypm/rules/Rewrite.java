package dev.graft.pypm.rules;

import java.util.List;

/** One rewrite done: the rule, the node whose output was replaced, and the nodes the replacement added. */
public record Rewrite(String rule, String node, List<String> added) {
    public Rewrite {
        added = List.copyOf(added);
    }
}
