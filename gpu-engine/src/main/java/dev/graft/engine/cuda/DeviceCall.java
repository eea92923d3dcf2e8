package dev.graft.engine.cuda;

import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * One node's run on the device: its inputs where they live (a {@link DeviceTensor}, or a
 * host {@link Tensor} for the small integer values that stay on the host), the runtime,
 * and allocation of its outputs from the pool. Inputs are borrowed: an op never closes
 * them. {@link #device(int)} uploads a host input the first time a kernel needs it.
 */
public final class DeviceCall {
    /**
     * Uploads a host input of a node for a kernel, and keeps what an op derives from shapes
     * alone; the executor owns and frees both.
     */
    interface Uploader {
        DeviceTensor upload(Node node, int input, Tensor value);

        <T extends AutoCloseable> T derived(String key, Class<T> type, Function<DeviceAllocator, T> make);
    }

    private final Node node;
    private final Op contract;
    private final Object[] inputs;
    private final CudaRuntime gpu;
    private final DeviceMemoryPool pool;
    private final DeviceType floating;
    private final Uploader uploader;

    DeviceCall(Node node, Op contract, Object[] inputs, CudaRuntime gpu, DeviceMemoryPool pool, DeviceType floating,
               Uploader uploader) {
        this.node = node;
        this.contract = contract;
        this.inputs = inputs;
        this.gpu = gpu;
        this.pool = pool;
        this.floating = floating;
        this.uploader = uploader;
    }

    public Node node() {
        return node;
    }

    public Attributes attributes() {
        return node.attributes();
    }

    public CudaRuntime gpu() {
        return gpu;
    }

    /** How this graph's floating values are stored on the device. */
    public DeviceType floating() {
        return floating;
    }

    public int inputCount() {
        return inputs.length;
    }

    /** Whether input {@code i} is given (optional inputs may be absent). */
    public boolean has(int i) {
        return i < inputs.length && inputs[i] != null;
    }

    public boolean onHost(int i) {
        return inputs[required(i)] instanceof Tensor;
    }

    public int[] shape(int i) {
        return switch (inputs[required(i)]) {
            case DeviceTensor d -> d.shape();
            case Tensor t -> t.shape();
            default -> throw new IllegalStateException();
        };
    }

    public DType dtype(int i) {
        return switch (inputs[required(i)]) {
            case DeviceTensor d -> d.dtype();
            case Tensor t -> t.dtype();
            default -> throw new IllegalStateException();
        };
    }

    /** Input {@code i} as the host holds it: an integer value that steers shapes, a constant. */
    public Tensor host(int i) {
        if (inputs[required(i)] instanceof Tensor t) {
            return t;
        }
        throw new OpException("input " + i + " is on the device; the op needs it on the host");
    }

    /** Input {@code i} on the device, uploaded once if the host holds it. */
    public DeviceTensor device(int i) {
        return switch (inputs[required(i)]) {
            case DeviceTensor d -> d;
            case Tensor t -> {
                DeviceTensor up = uploader.upload(node, i, t);
                inputs[i] = up;
                yield up;
            }
            default -> throw new IllegalStateException();
        };
    }

    private int required(int i) {
        if (!has(i)) {
            throw new OpException("input " + i + " is required");
        }
        return i;
    }

    /**
     * The outputs' shapes, from the contract's type inference over the inputs' concrete
     * shapes and the host inputs' values; {@code null} when inference leaves one unknown.
     */
    public int[][] outputShapes() {
        List<TensorType> types = contract.inferTypes(new Known());
        int[][] shapes = new int[types.size()][];
        for (int k = 0; k < shapes.length; k++) {
            if (!types.get(k).shape().isStatic()) {
                return null;
            }
            shapes[k] = types.get(k).shape().toInts();
        }
        return shapes;
    }

    /**
     * What this op derives from shapes alone (a plan and its device copy), made the first
     * time {@code key} is seen and kept, like the shape-derived host values, for the life of
     * the prepared graph: a run at known shapes makes and uploads nothing.
     */
    public <T extends AutoCloseable> T derived(String key, Class<T> type, Function<DeviceAllocator, T> make) {
        return uploader.derived(key, type, make);
    }

    /** A new tensor for output {@code k} of the node: its dtype, stored as the device stores that dtype. */
    public DeviceTensor allocate(int k, int[] shape) {
        DType dtype = node.output(k).type() != null ? node.output(k).type().dtype() : dtype(0);
        return allocate(dtype, DeviceType.of(dtype, floating), shape, "output '" + node.output(k).name() + "'");
    }

    /** Scratch or output memory from the executor's pool, named in an out-of-memory error. */
    public DeviceTensor allocate(DType dtype, DeviceType type, int[] shape, String what) {
        long bytes = Math.max(1, (long) Tensor.sizeOf(shape) * type.bytes());
        return DeviceTensor.over(pool.allocate(bytes, node.describe() + " " + what), shape, dtype, type);
    }

    /** What inference sees: every input's concrete type, and the host inputs as constants. */
    private final class Known implements InferenceContext {
        @Override
        public Node node() {
            return node;
        }

        @Override
        public TensorType inputType(int i) {
            return new TensorType(dtype(i), Shape.of(shape(i)));
        }

        @Override
        public Tensor constant(int i) {
            return has(i) && inputs[i] instanceof Tensor t ? t : null;
        }
    }
}
