package dev.graft.engine.cuda;

import dev.graft.engine.run.RunCommand;
import picocli.CommandLine;

/**
 * {@code graft run} of the engine alone, for the GPU machine, where the launcher and its
 * Truffle jars are not bundled: {@code EngineRunMain MODEL --backend cuda --check FILE}.
 */
public final class EngineRunMain {
    private EngineRunMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RunCommand()).execute(args));
    }
}
