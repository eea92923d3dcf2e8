package dev.graft.conformance.cli;

import dev.graft.conformance.run.Implementation;
import dev.graft.conformance.run.InProcessEngine;
import dev.graft.conformance.run.ProcessEngine;
import dev.graft.pypm.core.CoreMode;
import java.nio.file.Path;
import java.util.List;

/** The two implementations that conformance compares. */
final class Implementations {
    private Implementations() {
    }

    /** pypm-ref, extracted from the Coq development, as a child process. */
    static Implementation reference(Path binary) {
        return new Implementation("pypm-ref", () -> new ProcessEngine(List.of(binary.toString())));
    }

    /** The Truffle interpreter's core mode, in this JVM; a restart is a new instance. */
    static Implementation core() {
        return new Implementation("core", () -> {
            CoreMode mode = new CoreMode();
            return new InProcessEngine("core mode", mode::answer);
        });
    }
}
