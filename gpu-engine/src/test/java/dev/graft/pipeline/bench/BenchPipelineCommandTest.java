package dev.graft.pipeline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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

    @Test
    void throughputComparesEveryLayoutOnTheSameLoss() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new BenchPipelineCommand());
        cli.setOut(new PrintWriter(text));
        int code = cli.execute("--throughput", "cpu:2", "--devices", "2", "--microbatches", "4", "--batch", "8",
                "--steps", "2", "--layers", "2", "--width", "8", "--heads", "2", "--seq", "4", "--vocab", "11");
        String out = text.toString();
        assertEquals(0, code, out);
        List<String> rows = out.lines().filter(l -> l.matches("\\| (1 device|2 devices).*")).toList();
        assertEquals(List.of("1 device, accumulating", "2 devices, gpipe", "2 devices, 1f1b", "2 devices, zbh1",
                "2 devices, data parallel", "1 device, training (Adam where the parameters are)",
                "2 devices, zbh1, training", "2 devices, data parallel, training"),
                rows.stream().map(r -> r.split(" \\| ")[0].substring(2)).toList(), out);
        Set<String> losses = rows.subList(0, 5).stream().map(r -> r.split(" \\| ")[7].replace(" |", ""))
                .collect(Collectors.toSet());
        assertEquals(1, losses.size(), "every layout of fixed parameters computes the same loss: " + out);
    }
}
