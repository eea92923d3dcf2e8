package dev.graft.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark at toy sizes: it runs every table and stays runnable; its figures are not checked here. */
class BenchPipelineCommandTest {
    @Test
    void printsEveryScheduleInEveryTable() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new BenchPipelineCommand());
        cli.setOut(new PrintWriter(text));
        int code = cli.execute("--devices", "2", "--microbatches", "2", "--task-ms", "0.5", "--steps", "2",
                "--layers", "4", "--width", "8", "--seq", "4", "--latency-ms", "1");
        String out = text.toString();
        assertEquals(0, code, out);
        for (String schedule : new String[]{"gpipe", "1f1b", "interleaved", "zbh1"}) {
            assertEquals(4, out.lines().filter(l -> l.startsWith("| " + schedule + " | 2 |")).count(), out);
        }
        assertTrue(out.contains("| schedule | m | no latency | 1.0 ms |"), out);
    }
}
