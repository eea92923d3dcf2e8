package dev.graft.engine.cuda;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.run.Backend;
import java.util.List;

/**
 * {@code --backend cuda} (floating values in fp32 on the device) and {@code --backend
 * cuda:bf16} (in bf16, fp32 arithmetic): graphs run with their values resident on the
 * device ({@link DeviceExecutor}, {@link Placement} for the rule of what stays on the
 * host). Nodes without a device op run their CPU op with copies around them; {@code
 * --verbose} lists them on stderr, and the way each FusedAttention node runs. The device is opened on first use.
 */
public final class CudaBackend implements Backend {
    private final int ordinal;
    private final DeviceType floating;
    private CudaRuntime gpu;

    /** The backend of the first device, floating values in fp32, as {@code --backend cuda} finds it. */
    public CudaBackend() {
        this(0, DeviceType.F32);
    }

    /** The backend of device {@code ordinal}; a pipeline worker per GPU makes one each. */
    public CudaBackend(int ordinal) {
        this(ordinal, DeviceType.F32);
    }

    /** The backend of the first device, storing floating values as {@code floating} (F32 or BF16). */
    public CudaBackend(DeviceType floating) {
        this(0, floating);
    }

    public CudaBackend(int ordinal, DeviceType floating) {
        if (floating == DeviceType.I64) {
            throw new IllegalArgumentException("floating values cannot be stored as " + floating);
        }
        this.ordinal = ordinal;
        this.floating = floating;
    }

    @Override
    public String name() {
        return floating == DeviceType.F32 ? "cuda" : "cuda:" + floating.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Backend withOption(String option) {
        try {
            return new CudaBackend(ordinal, DeviceType.parseFloating(option));
        } catch (IllegalArgumentException e) {
            throw new UserError("--backend cuda:" + option + ": the option is the device storage of floating values, "
                    + "f32 or bf16");
        }
    }

    @Override
    public Prepared prepare(Graph graph) {
        return prepareOnDevice(graph);
    }

    /** As {@link #prepare}, with the device-side API ({@link DeviceExecutor#execute}), in the runtime's pool. */
    public DeviceExecutor prepareOnDevice(Graph graph) {
        return prepareOnDevice(graph, runtime().pool());
    }

    /** As {@link #prepareOnDevice(Graph)}, with every allocation from {@code pool} (a capture's own). */
    public DeviceExecutor prepareOnDevice(Graph graph, DeviceMemoryPool pool) {
        DeviceExecutor executor = new DeviceExecutor(graph, runtime(), pool, floating, DeviceOps.all());
        report(executor.fallbacks(), FusedAttentionRoute.describe(graph));
        return executor;
    }

    /**
     * With {@code --verbose} (system property graft.verbose), names the nodes that run on the
     * CPU, and says which FusedAttention nodes run through the attention library and why not the others.
     */
    private static void report(List<String> fallbacks, List<String> attention) {
        if (Boolean.getBoolean("graft.verbose")) {
            System.err.println("graft: --backend cuda: " + fallbacks.size() + " node(s) run on the CPU"
                    + (fallbacks.isEmpty() ? "" : ":"));
            fallbacks.forEach(f -> System.err.println("  " + f));
            attention.forEach(a -> System.err.println("graft: --backend cuda: " + a));
        }
    }

    /** The device this backend runs on, opened on first use; a UserError where there is none. */
    public CudaRuntime runtime() {
        if (gpu == null) {
            String reason = CudaRuntime.unavailableReason().orElse(null);
            if (reason != null) {
                throw new UserError("--backend cuda: no CUDA device: " + reason);
            }
            gpu = CudaRuntime.open(ordinal);
        }
        return gpu;
    }
}
