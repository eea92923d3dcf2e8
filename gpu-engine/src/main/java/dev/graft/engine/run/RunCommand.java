package dev.graft.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.engine.cli.CheckFailed;
import dev.graft.engine.cli.GraftCommand;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code graft run}: runs a graph on some inputs, or checks it against reference outputs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a model (.onnx or Graft's text format).",
            "With --check, runs every case of a reference file and prints max_abs_diff per output;",
            "exits 1 when one is above the file's tolerance.max_abs."})
public final class RunCommand implements GraftCommand, Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "the model: .onnx or text format")
    Path model;

    @Option(names = "--inputs", paramLabel = "FILE",
            description = "inputs as JSON: {name: {dtype, shape, data}} (or that object under \"inputs\")")
    Path inputs;

    @Option(names = "--check", paramLabel = "EXPECTED.json",
            description = "reference cases and tolerance, as in models/*.expected.json")
    Path check;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "cpu", description = "where to run (default: ${DEFAULT-VALUE})")
    String backend;

    @Option(names = "--output", paramLabel = "FILE", description = "write the outputs as JSON (without --check)")
    Path output;

    @Option(names = "--rules", paramLabel = "FILE_OR_DIR",
            description = "rewrite the graph first with these rules (.pypm file, directory, or std)")
    String rules;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (check != null && (inputs != null || output != null)) {
            throw new UserError("--check takes its inputs from the reference file; drop --inputs and --output");
        }
        Backend chosen = Backends.named(backend);
        Graph graph = ModelFiles.load(model);
        if (rules != null) {
            out.print(GraphRewriter.find().rewrite(graph, rules));
        }
        Backend.Prepared prepared = chosen.prepare(graph);
        if (check != null) {
            return check(graph, prepared, ExpectedFile.read(check), out);
        }
        Map<String, Tensor> given = inputs == null ? Map.of() : readInputs(inputs);
        if (inputs == null && !graph.inputs().isEmpty()) {
            throw new UserError("the model needs inputs " + graph.inputs() + "; pass --inputs FILE");
        }
        long start = System.nanoTime();
        Map<String, Tensor> results = prepared.run(given);
        double ms = (System.nanoTime() - start) / 1e6;
        for (var e : results.entrySet()) {
            out.println(e.getKey() + ": " + e.getValue());
        }
        out.printf("ran on %s in %.1f ms%n", chosen.name(), ms);
        if (output != null) {
            write(results, output);
        }
        out.flush();
        return 0;
    }

    private static int check(Graph graph, Backend.Prepared prepared, ExpectedFile expected, PrintWriter out) {
        List<String> outputs = graph.outputs().stream().map(Value::name).toList();
        int failed = 0;
        int total = 0;
        for (int c = 0; c < expected.cases().size(); c++) {
            ExpectedFile.Case kase = expected.cases().get(c);
            Map<String, Tensor> results = prepared.run(kase.inputs());
            for (var e : kase.outputs().entrySet()) {
                Tensor got = results.get(e.getKey());
                if (got == null) {
                    throw new UserError("expected output '" + e.getKey() + "' is not an output of the model; its outputs are "
                            + outputs);
                }
                total++;
                String label = "case " + c + " output " + e.getKey();
                if (!Arrays.equals(got.shape(), e.getValue().shape())) {
                    out.println(label + ": shape " + Arrays.toString(got.shape()) + ", expected "
                            + Arrays.toString(e.getValue().shape()) + " FAIL");
                    failed++;
                    continue;
                }
                double diff = Comparison.maxAbsDiff(e.getValue(), got);
                boolean ok = diff <= expected.maxAbs();
                out.println(label + ": max_abs_diff=" + diff + " (tolerance " + expected.maxAbs() + ") "
                        + (ok ? "ok" : "FAIL"));
                failed += ok ? 0 : 1;
            }
        }
        out.flush();
        if (failed > 0) {
            throw new CheckFailed(failed + " of " + total + " outputs differ from the reference beyond tolerance "
                    + expected.maxAbs());
        }
        out.println("check passed: " + total + " outputs in " + expected.cases().size() + " cases within " + expected.maxAbs());
        out.flush();
        return 0;
    }

    private static Map<String, Tensor> readInputs(Path file) {
        JsonNode root = ExpectedFile.readJson(file);
        JsonNode tensors = root.has("inputs") && root.get("inputs").isObject() ? root.get("inputs") : root;
        return TensorJson.readAll(tensors, file.toString());
    }

    private static void write(Map<String, Tensor> results, Path file) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        results.forEach((name, t) -> root.set(name, TensorJson.write(t)));
        try {
            mapper.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UserError(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
