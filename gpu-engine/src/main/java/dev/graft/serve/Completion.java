package dev.graft.serve;

/** A request that left the scheduler: the tokens it generated, all of them when it finished. */
public record Completion(int request, int[] tokens, boolean cancelled) {
}
