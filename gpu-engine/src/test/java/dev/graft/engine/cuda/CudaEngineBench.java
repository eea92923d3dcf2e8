package dev.graft.engine.cuda;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import dev.graft.engine.run.Backends;
import dev.graft.engine.run.GraphRewriter;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * One forward pass of a synth Llama on a backend: {@code CudaEngineBench SPEC BACKEND BATCH
 * SEQ [std] [RUNS]}, e.g. {@code llama:layers=4,hidden=512,heads=8,kv-heads=2,ffn=1408,vocab=4096
 * cuda 16 1 std}. Prints the median and best wall time of RUNS passes (after three warm-up
 * passes), inputs up and outputs down included. Uses only the engine's public API, so the
 * same class times an older engine jar for a before/after comparison.
 */
public final class CudaEngineBench {
    private CudaEngineBench() {
    }

    public static void main(String[] args) {
        LlamaSpec spec = LlamaSpec.parse(args[0]);
        String backendName = args[1];
        int batch = Integer.parseInt(args[2]);
        int seq = Integer.parseInt(args[3]);
        boolean std = args.length > 4 && args[4].equals("std");
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 20;
        long start = System.nanoTime();
        Graph graph = LlamaGraph.build(spec);
        if (std) {
            GraphRewriter.find().rewrite(graph, "std");
        }
        double buildS = (System.nanoTime() - start) / 1e9;
        Backend backend;
        try {
            backend = Backends.named(backendName);
        } catch (RuntimeException e) {
            System.out.println("bench " + backendName + ": skipped (" + e.getMessage() + ")");
            return;
        }
        start = System.nanoTime();
        Backend.Prepared prepared = backend.prepare(graph);
        double prepareS = (System.nanoTime() - start) / 1e9;
        Random random = new Random(1);
        long[] ids = new long[batch * seq];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(spec.vocab());
        }
        Map<String, Tensor> inputs = Map.of("input_ids", Tensor.ofLongs(new int[] {batch, seq}, ids));
        for (int i = 0; i < 3; i++) {
            prepared.run(inputs);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            prepared.run(inputs);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        if (backend instanceof CudaBackend cuda) {
            long[] memory = cuda.runtime().context().memoryInfo();
            System.out.printf("device memory in use: %.1f GiB of %.1f GiB%n", (memory[1] - memory[0]) / 1073741824.0,
                    memory[1] / 1073741824.0);
        }
        System.out.printf("bench %s %s batch %d seq %d%s: median %.2f ms, best %.2f ms over %d runs"
                        + " (graph %.1f s, prepare %.1f s)%n", args[0], backendName, batch, seq, std ? " std" : "",
                ms[runs / 2], ms[0], runs, buildS, prepareS);
    }
}
