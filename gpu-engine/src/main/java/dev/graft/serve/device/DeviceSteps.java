package dev.graft.serve.device;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;

import dev.graft.engine.cuda.CudaGraph;
import dev.graft.engine.cuda.CudaKernel;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceBuffer;
import dev.graft.engine.cuda.DeviceExecutor;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.cuda.NodeTimings;
import dev.graft.engine.tensor.Tensor;
import dev.graft.serve.CudaGraphs;
import dev.graft.serve.PagedStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import jcuda.Pointer;

/**
 * Serving steps on the device-resident CUDA backend: the store uploads what the step's
 * attention reads, the step's integer inputs go up, every node's kernels are queued with
 * nothing waiting in between, and the sampled rows' logits are reduced to their greedy
 * token on the device (argmax_rows.cu); only those ids come back.
 *
 * <p>Steps are captured as CUDA graphs ({@link CudaGraphs}): the first decode step of a
 * shape (decode or not, the inputs' sizes, and the store's {@link DeviceKvStore#captureKey})
 * runs as usual, then its launches are captured once more, over inputs and outputs kept at
 * fixed addresses; every later step of that shape copies its inputs there and replays the
 * graph, with no per-node work on the host. A prefill or mixed shape is captured the same
 * way at its second step and replayed from its third ({@link CapturedShapes}). The plan is made outside the graph by
 * {@link DeviceKvStore#prepare}, into buffers the graph reads. When one of those buffers
 * moves ({@link DeviceKvStore#addressGeneration}), the graphs captured before are destroyed
 * and each shape is captured again at its next step. A graph whose nodes fall
 * back to the CPU cannot be captured: such a model runs every step uncaptured, said once.
 */
public final class DeviceSteps implements AutoCloseable {
    private final DeviceExecutor executor;
    private final CudaRuntime gpu;
    private final DeviceKvStore store;
    private final String logits;
    private final CapturedShapes<Captured> graphs;
    private final StepPhases phases = new StepPhases();
    /** The GPU time a profiled step's queuing may take before its kernels start; ample for a few hundred nodes. */
    private static final double HOLD_MILLIS = 50;
    /** Where node-by-node prefill steps are timed op by op, or null when not profiling. */
    private NodeTimings timings;

    /** A captured step: the graph, and the inputs it reads and the logits it writes. */
    private record Captured(CudaGraph graph, Map<String, DeviceTensor> inputs, DeviceTensor logits) {
    }

    /** {@code capture}: which steps are captured as CUDA graphs. */
    public DeviceSteps(DeviceExecutor executor, CudaRuntime gpu, DeviceKvStore store, String logits,
                       CudaGraphs capture) {
        this.executor = executor;
        this.gpu = gpu;
        this.store = store;
        this.logits = logits;
        this.graphs = new CapturedShapes<>(capture);
    }

    /**
     * The greedy token of every sampled row of a step.
     *
     * @param inputs the serving graph's inputs (token ids, positions, sampled rows), all integer
     * @param decode whether every chunk of the step is one token
     */
    public int[] run(PagedStep step, Map<String, Tensor> inputs, boolean decode) {
        long start = System.nanoTime();
        store.prepare(step);
        destroy(graphs.retireBefore(store.addressGeneration()));
        long planned = System.nanoTime();
        Object storeKey = store.captureKey();
        List<Object> key = storeKey == null ? null
                : List.of(decode, new TreeMap<>(inputs).values().stream().map(Tensor::size).toList(), storeKey);
        if (!decode) {
            graphs.sighted(key);
        }
        Captured captured = graphs.replay(key);
        if (captured != null) {
            for (var e : captured.inputs().entrySet()) {
                e.getValue().buffer().upload(inputs.get(e.getKey()).longs());
            }
            captured.graph().launch(gpu.stream());
            long queued = System.nanoTime();
            int[] tokens = greedy(captured.logits());
            phases.add(decode ? StepPhases.Kind.REPLAY : StepPhases.Kind.PREFILL_REPLAY, start, planned, queued,
                    System.nanoTime());
            return tokens;
        }
        int[] tokens;
        long queued;
        Map<String, DeviceTensor> onDevice = upload(inputs);
        try {
            Map<String, DeviceTensor> out = timed(!decode, () -> bound(step, () -> executor.execute(inputs, onDevice)));
            queued = System.nanoTime();
            try {
                tokens = greedy(out.get(logits));
            } finally {
                out.values().forEach(DeviceTensor::close);
            }
        } finally {
            onDevice.values().forEach(DeviceTensor::close);
        }
        boolean capture = graphs.due(key, decode);
        if (capture) {
            capture(key, step, inputs, decode);
        }
        phases.add(capture ? (decode ? StepPhases.Kind.CAPTURE : StepPhases.Kind.PREFILL_CAPTURE)
                : decode ? StepPhases.Kind.DECODE : StepPhases.Kind.PREFILL, start, planned, queued, System.nanoTime());
        return tokens;
    }

    /**
     * Times node by node (behind a hold of the stream) when profiling and {@code wanted}:
     * the work's queuing, then its wait for the GPU; else only the work.
     */
    private <T> T timed(boolean wanted, Supplier<T> work) {
        if (timings == null || !wanted) {
            return work.get();
        }
        timings.hold(gpu, HOLD_MILLIS);
        T result = ScopedValue.where(NodeTimings.CURRENT, timings).call(work::get);
        timings.endRun();
        return result;
    }

    /** Times the node-by-node prefill and mixed steps op by op, or stops ({@link dev.graft.serve.StepRunner#profileSteps}). */
    public void profileSteps(boolean on) {
        timings = on ? new NodeTimings(gpu.stream()) : null;
    }

    /** Captured graphs not yet destroyed: at most the decode shapes seen since the workspace last moved. */
    public int liveGraphs() {
        return graphs.live();
    }

    /** Graphs destroyed so far because the workspace they read moved. */
    public int retiredGraphs() {
        return graphs.retired();
    }

    /** Pauses capture and replay of decode steps, or resumes them ({@link CapturedShapes#pause}). */
    public void pauseCapture(boolean on) {
        graphs.pause(on);
    }

    /** Captures the step's launches over inputs kept for its shape; a model that cannot be captured is said once. */
    private void capture(List<Object> key, PagedStep step, Map<String, Tensor> inputs, boolean decode) {
        if (!executor.fallbacks().isEmpty() || !executor.perRunUploads().isEmpty()) {
            graphs.refuse("the host takes part in every step: " + executor.fallbacks() + " " + executor.perRunUploads());
            return;
        }
        Map<String, DeviceTensor> fixed = upload(inputs);
        AtomicReference<Map<String, DeviceTensor>> out = new AtomicReference<>();
        try {
            CudaGraph graph = CudaGraph.capture(gpu.stream(), () -> out.set(bound(step,
                    () -> executor.execute(inputs, fixed))));
            out.get().forEach((name, t) -> {
                if (!name.equals(logits)) {
                    t.close();
                }
            });
            destroy(graphs.captured(key, new Captured(graph, fixed, out.get().get(logits)), decode));
        } catch (RuntimeException e) {
            // Whatever stops a capture (a launch the driver refuses to record, say) leaves the
            // model uncaptured: its steps still run, and the report says why.
            graphs.refuse(e.getMessage());
            fixed.values().forEach(DeviceTensor::close);
        }
    }

    private static <T> T bound(PagedStep step, Supplier<T> work) {
        return ScopedValue.where(PagedStep.CURRENT, step).call(work::get);
    }

    /** Device copies of the integer inputs, at addresses the caller keeps. */
    private Map<String, DeviceTensor> upload(Map<String, Tensor> inputs) {
        Map<String, DeviceTensor> out = new LinkedHashMap<>();
        inputs.forEach((name, t) -> {
            DeviceBuffer b = gpu.pool().allocate(Math.max(1, 8L * t.size()), "serving input '" + name + "'");
            out.put(name, DeviceTensor.over(b.upload(t.longs()), t.shape(), t.dtype(), DeviceType.I64));
        });
        return out;
    }

    /** argmax_rows.cu over the logits' last axis; waits for the stream and returns the ids. */
    private int[] greedy(DeviceTensor logitsOut) {
        int vocab = logitsOut.dim(logitsOut.rank() - 1);
        int rows = logitsOut.size() / vocab;
        int[] ids = new int[rows];
        try (DeviceBuffer out = gpu.pool().allocate(4L * Math.max(1, rows), "greedy token ids")) {
            CudaKernel argmax = ServingKernels.load(gpu, "argmax_rows", "argmax_rows.cu",
                    Map.of("T_DATA", logitsOut.type().cudaName()));
            ServingKernels.overRows(gpu, argmax, rows, out, logitsOut.buffer(), (long) rows, (long) vocab);
            gpu.stream().synchronize();
            if (rows > 0) {
                cuMemcpyDtoH(Pointer.to(ids), out.pointer(), 4L * rows);
            }
        }
        return ids;
    }

    /** One line on the CUDA graphs and on where the steps' time went, since the previous report. */
    public String report() {
        String times = phases.lap();
        String ops = timings == null ? "" : timings.lap();
        return graphs.lap() + (times.isEmpty() ? "" : "; " + times) + (ops.isEmpty() ? "" : "; " + ops);
    }

    /** Destroys captured steps and frees their fixed inputs and logits, after waiting for the stream: none may still be replaying. */
    private void destroy(List<Captured> stale) {
        if (stale.isEmpty()) {
            return;
        }
        gpu.stream().synchronize();
        for (Captured c : stale) {
            c.graph().close();
            c.inputs().values().forEach(DeviceTensor::close);
            c.logits().close();
        }
    }

    @Override
    public void close() {
        destroy(graphs.removeAll());
    }
}
