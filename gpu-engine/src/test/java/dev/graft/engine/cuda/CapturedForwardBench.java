package dev.graft.engine.cuda;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.GraphRewriter;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.synth.LlamaGraph;
import dev.graft.serve.synth.LlamaSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * One forward pass of a synth Llama on the device, without the copies of a whole run:
 * {@code CapturedForwardBench SPEC f32|bf16 BxS[,BxS...] [std] [RUNS]}. For each batch x
 * sequence shape it times {@link DeviceExecutor#execute} followed by a stream
 * synchronisation (eager: host work and launches), then the same step captured once as a
 * CUDA graph and replayed (what the device takes, once host overhead is gone). Token ids
 * stay in a device buffer, as a serving step keeps them; outputs stay on the device.
 */
public final class CapturedForwardBench {
    private CapturedForwardBench() {
    }

    public static void main(String[] args) {
        LlamaSpec spec = LlamaSpec.parse(args[0]);
        DeviceType type = DeviceType.parseFloating(args[1]);
        boolean std = args.length > 3 && args[3].equals("std");
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        Graph graph = LlamaGraph.build(spec);
        if (std) {
            GraphRewriter.find().rewrite(graph, "std");
        }
        CudaBackend backend = new CudaBackend(type);
        CudaRuntime gpu = backend.runtime();
        try (DeviceMemoryPool pool = new DeviceMemoryPool(gpu.context(), Long.MAX_VALUE);
             DeviceExecutor executor = backend.prepareOnDevice(graph, pool)) {
            if (!executor.fallbacks().isEmpty() || !executor.perRunUploads().isEmpty()) {
                System.out.println("not capturable: " + executor.fallbacks() + " " + executor.perRunUploads());
                return;
            }
            for (String shape : args[2].split(",")) {
                int batch = Integer.parseInt(shape.split("x")[0]);
                int seq = Integer.parseInt(shape.split("x")[1]);
                time(gpu, pool, executor, spec, args[1], std, batch, seq, runs);
            }
            long[] memory = gpu.context().memoryInfo();
            System.out.printf("device memory in use: %.1f GiB of %.1f GiB%n", (memory[1] - memory[0]) / 1073741824.0,
                    memory[1] / 1073741824.0);
        }
    }

    private static void time(CudaRuntime gpu, DeviceMemoryPool pool, DeviceExecutor executor, LlamaSpec spec,
                             String type, boolean std, int batch, int seq, int runs) {
        Random random = new Random(1);
        long[] ids = new long[batch * seq];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(spec.vocab());
        }
        Tensor host = Tensor.ofLongs(new int[] {batch, seq}, ids);
        try (DeviceTensor onDevice = DeviceTransfer.upload(gpu, pool, host, DeviceType.F32, "input_ids")) {
            Map<String, Tensor> hostInputs = Map.of("input_ids", host);
            Map<String, DeviceTensor> deviceInputs = Map.of("input_ids", onDevice);
            double[] eager = new double[runs];
            for (int i = -3; i < runs; i++) {
                long t = System.nanoTime();
                executor.execute(hostInputs, deviceInputs).values().forEach(DeviceTensor::close);
                gpu.stream().synchronize();
                if (i >= 0) {
                    eager[i] = (System.nanoTime() - t) / 1e6;
                }
            }
            java.util.List<Map<String, DeviceTensor>> outputs = new java.util.ArrayList<>();
            double[] replay = new double[runs];
            try (CudaGraph step = CudaGraph.capture(gpu.stream(),
                    () -> outputs.add(executor.execute(hostInputs, deviceInputs)))) {
                for (int i = -3; i < runs; i++) {
                    long t = System.nanoTime();
                    step.launch(gpu.stream());
                    gpu.stream().synchronize();
                    if (i >= 0) {
                        replay[i] = (System.nanoTime() - t) / 1e6;
                    }
                }
            } finally {
                outputs.forEach(o -> o.values().forEach(DeviceTensor::close));
            }
            Arrays.sort(eager);
            Arrays.sort(replay);
            System.out.printf("forward %s %s batch %d seq %d%s: eager median %.2f ms (best %.2f), captured replay"
                            + " median %.2f ms (best %.2f) over %d runs%n", spec, type, batch, seq, std ? " std" : "",
                    eager[runs / 2], eager[0], replay[runs / 2], replay[0], runs);
        }
    }
}
