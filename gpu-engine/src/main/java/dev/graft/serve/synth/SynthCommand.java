package dev.graft.serve.synth;

import dev.graft.engine.cli.GraftCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code graft synth}: models at any size without files; one subcommand per architecture. */
@Command(name = "synth", mixinStandardHelpOptions = true, subcommands = SynthLlamaCommand.class,
        description = "Builds a decoder graph in the form PyTorch's ONNX exporter emits, with random weights.")
public final class SynthCommand implements GraftCommand, Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name an architecture: llama");
    }
}
