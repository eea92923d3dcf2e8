package dev.graft.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.pipeline.schedule.ScheduleError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
    private static final String[] SMALL = {"--layers", "4", "--width", "8", "--heads", "2", "--seq", "4", "--vocab",
        "11", "--batch", "8"};

    @TempDir
    Path dir;

    @Test
    void trainsTheSyntheticDecoderAndWritesTheTrace() throws IOException {
        Path trace = dir.resolve("step.json");
        String out = run("synth:decoder", "--stages", "2", "--microbatches", "4", "--schedule", "zbh1", "--steps", "2",
                "--trace", trace.toString());
        List<String> steps = out.lines().filter(l -> l.startsWith("step ")).toList();
        assertEquals(2, steps.size(), out);
        assertTrue(steps.getFirst().matches("step 1  loss \\d+\\.\\d{4}  bubble 0\\.\\d{3} wall, 0\\.\\d{3} dedicated"
                + " cores \\(theory 0\\.083\\)  .* tokens/s"), steps.getFirst());
        assertTrue(out.contains("zbh1 p=2 m=4: mean bubble"), out);
        assertTrue(Files.size(trace) > 100);
        assertTrue(Files.size(dir.resolve("step.png")) > 100);
    }

    @Test
    void runsAUserScheduleFileAndTheMlp() throws IOException {
        Path file = dir.resolve("mine.json");
        run("synth:mlp", "--stages", "2", "--microbatches", "2", "--schedule", "gpipe", "--steps", "1",
                "--save-schedule", file.toString());
        String out = run("synth:mlp", "--schedule", file.toString(), "--steps", "1", "--partition", "auto");
        assertTrue(out.contains("gpipe p=2 m=2: mean bubble"), out);
        assertTrue(out.contains("(theory n/a)"), out);
    }

    @Test
    void trainsAnExportedModelFileCutByTheCostModel() throws IOException {
        String model = Path.of(System.getProperty("graft.repo"), "models", "tiny-llama-gqa.dyn.onnx").toString();
        String out = run(model, "--stages", "2", "--microbatches", "2", "--schedule", "1f1b", "--steps", "1");
        assertTrue(out.contains("1f1b p=2 m=2: mean bubble"), out);
        UserError e = assertThrows(UserError.class, () -> run(model, "--partition", "layers"));
        assertTrue(e.getMessage().startsWith("--partition layers needs a synthetic model"), e.getMessage());
    }

    @Test
    void moreStagesThanLayers() {
        UserError e = assertThrows(UserError.class, () -> run("synth:decoder", "--stages", "8"));
        assertTrue(e.getMessage().startsWith("cannot cut a 4-layer decoder into 8 stages"), e.getMessage());
    }

    @Test
    void microbatchCountNotDividingTheBatch() {
        UserError e = assertThrows(UserError.class, () -> run("synth:decoder", "--stages", "2", "--microbatches", "3"));
        assertTrue(e.getMessage().endsWith("into 3 microbatches: 3 does not divide 8"), e.getMessage());
    }

    @Test
    void malformedAndInconsistentScheduleFiles() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"stages\": 2, \"microbatches\": 1, \"devices\": [[\"F(0,0)\", \"B(0,0)\"], [\"F(1,0)\"]]}");
        ScheduleError e = assertThrows(ScheduleError.class, () -> run("synth:decoder", "--schedule", bad.toString()));
        assertTrue(e.getMessage().contains("misses 1 task: B(1,0)"), e.getMessage());
        Files.writeString(bad, "{\"stages\": 2, ");
        e = assertThrows(ScheduleError.class, () -> run("synth:decoder", "--schedule", bad.toString()));
        assertTrue(e.getMessage().startsWith(bad + ": not valid JSON"), e.getMessage());
    }

    @Test
    void devicesMustMatchAndCudaNeedsADevice() {
        UserError e = assertThrows(UserError.class, () -> run("synth:decoder", "--stages", "2", "--devices", "cpu:3"));
        assertEquals("--devices cpu:3: the schedule runs on 2 devices, so it needs cpu:2", e.getMessage());
        e = assertThrows(UserError.class, () -> run("synth:decoder", "--stages", "2", "--devices", "gpu:1"));
        assertEquals("--devices gpu:1: expected cpu:N, cuda:all, cuda:N or cuda:A,B,...", e.getMessage());
        assumeTrue(CudaRuntime.unavailableReason().isPresent(), "a CUDA device is here");
        e = assertThrows(UserError.class, () -> run("synth:decoder", "--stages", "2", "--devices", "cuda:all"));
        assertTrue(e.getMessage().startsWith("--devices cuda:all: no CUDA device: "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void trainsDataParallelOnCpuWorkers() {
        String out = run("synth:decoder", "--stages", "2", "--microbatches", "4", "--data-parallel", "--steps", "2");
        assertTrue(out.contains("data parallel on 2 cpu workers, 2 replicas of 2 microbatches of 2 rows"), out);
        assertTrue(out.contains("data parallel d=2 m=4: mean bubble"), out);
        UserError e = assertThrows(UserError.class, () -> run("synth:decoder", "--stages", "2", "--microbatches", "1",
                "--data-parallel"));
        assertEquals("1 microbatches cannot be shared by 2 data-parallel replicas: 2 does not divide 1", e.getMessage());
    }

    @Test
    void aTraceThatCannotBeWrittenIsNamed() {
        Path nowhere = dir.resolve("missing").resolve("t.json");
        UserError e = assertThrows(UserError.class, () -> run("synth:mlp", "--stages", "2",
                "--microbatches", "2", "--steps", "1", "--trace", nowhere.toString()));
        assertTrue(e.getMessage().startsWith("cannot write " + nowhere), e.getMessage());
    }

    @Test
    void countsMustBePositive() {
        UserError e = assertThrows(UserError.class, () -> run("synth:mlp", "--steps", "0"));
        assertEquals("--steps and --batch must be at least 1 (got 0 and 8)", e.getMessage());
        ScheduleError s = assertThrows(ScheduleError.class, () -> run("synth:mlp", "--microbatches", "0"));
        assertEquals("1f1b needs at least one device and one microbatch (got p=4, m=0)", s.getMessage());
    }

    @Test
    void unknownModelAndSchedule() {
        assertThrows(UserError.class, () -> run("synth:transformer"));
        ScheduleError e = assertThrows(ScheduleError.class, () -> run("synth:mlp", "--schedule", "pipedream"));
        assertTrue(e.getMessage().startsWith("unknown schedule 'pipedream'"), e.getMessage());
    }

    /** Parses like the launcher, then calls the command so that its errors reach the test as thrown. */
    private String run(String... args) {
        StringWriter text = new StringWriter();
        TrainCommand command = new TrainCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(text));
        cli.parseArgs(Stream.concat(Stream.of(args), Stream.of(SMALL)).toArray(String[]::new));
        assertEquals(0, command.call());
        return text.toString();
    }
}
