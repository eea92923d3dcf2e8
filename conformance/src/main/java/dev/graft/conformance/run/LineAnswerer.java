package dev.graft.conformance.run;

/** An in-process implementation of the line protocol: one request line in, its answer line out. */
@FunctionalInterface
public interface LineAnswerer {
    String answer(String request);
}
