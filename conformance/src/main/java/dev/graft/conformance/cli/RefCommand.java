package dev.graft.conformance.cli;

import dev.graft.engine.cli.GraftCommand;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code graft ref}: the extracted reference matcher, speaking the line protocol on stdin and stdout. */
@Command(name = "ref", mixinStandardHelpOptions = true,
        description = {"Runs the reference matcher extracted from the Coq proofs (pypm-ref).",
                "Reads one request per line on stdin (CORE-SPEC section 8) and writes one answer line each."})
public final class RefCommand implements GraftCommand, Callable<Integer> {

    @Override
    public Integer call() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ReferenceBinary.locate().toString()).inheritIO().start();
        return process.waitFor();
    }
}
