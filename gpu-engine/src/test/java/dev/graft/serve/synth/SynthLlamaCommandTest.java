package dev.graft.serve.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.run.ModelFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthLlamaCommandTest {
    private final StringWriter out = new StringWriter();

    private int synth(String... args) {
        CommandLine cli = new CommandLine(new SynthLlamaCommand());
        cli.setOut(new PrintWriter(out));
        cli.parseArgs(args);
        return ((SynthLlamaCommand) cli.getCommand()).call();
    }

    @Test
    void writesAGraphThatReadsBackEqual(@TempDir Path dir) {
        Path file = dir.resolve("llama.graft");
        assertEquals(0, synth("--layers", "1", "--hidden", "16", "--heads", "2", "--kv-heads", "1", "--ffn", "24",
                "--vocab", "40", "--seed", "9", "--out", file.toString()));
        assertTrue(out.toString().startsWith("llama:layers=1,hidden=16,heads=2,kv-heads=1,ffn=24,vocab=40,seed=9: 129 nodes,"),
                out.toString());
        assertEquals(LlamaGraph.build(new LlamaSpec(1, 16, 2, 1, 24, 40, 9)), ModelFiles.load(file));
    }

    @Test
    void refusesAModelTooLargeForTheHeap() {
        UserError e = assertThrows(UserError.class, () -> synth("--layers", "32", "--hidden", "4096", "--heads", "32",
                "--kv-heads", "8", "--ffn", "14336", "--vocab", "128256"));
        assertTrue(e.getMessage().startsWith("synth llama: 8,030,261,248 parameters need 29.9 GiB as float32"), e.getMessage());
    }
}
