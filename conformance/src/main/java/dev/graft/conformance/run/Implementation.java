package dev.graft.conformance.run;

import java.util.function.Supplier;

/** A named implementation of the core matcher and the way to start a fresh instance of it. */
public record Implementation(String name, Supplier<Engine> starter) {
}
