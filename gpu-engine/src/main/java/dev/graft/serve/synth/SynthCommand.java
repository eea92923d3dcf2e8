package dev.graft.serve.synth;

import dev.graft.engine.cli.GraftCommand;
import picocli.CommandLine.Command;

/** {@code graft synth}: models at any size without files; one subcommand per architecture. */
@Command(name = "synth", mixinStandardHelpOptions = true, subcommands = SynthLlamaCommand.class,
        description = "Builds a decoder graph in the form PyTorch's ONNX exporter emits, with random weights.")
public final class SynthCommand implements GraftCommand, Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name an architecture: llama");
    }
}
