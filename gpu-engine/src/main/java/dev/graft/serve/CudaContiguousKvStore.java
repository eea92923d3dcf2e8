package dev.graft.serve;

import dev.graft.engine.cuda.CudaKernel;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.DeviceBuffer;
import dev.graft.engine.cuda.DeviceCall;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.DType;
import dev.graft.serve.device.DeviceKvStore;
import dev.graft.serve.device.ServingKernels;
import java.util.HashMap;
import java.util.Map;

/**
 * The unfused baseline's contiguous cache on the GPU ({@link ContiguousKvStore} on the CPU):
 * per layer, keys and values {@code (slots, kvHeads, slotTokens, headDim)} in the graph's
 * device storage, and attention as the exported graph computes it, batched over the
 * step's slots the way a padded batch is: the step's keys and values go into their slots
 * (contiguous_kv.cu), the queries are packed per slot and KV head, cuBLAS takes
 * {@code S = Q K^T} over the longest slot's keys, a causal softmax of the scaled scores
 * makes P, and cuBLAS takes {@code P V}, which goes back into the graph's layout. The
 * products' sizes change with every step, so these steps are never captured.
 */
public final class CudaContiguousKvStore extends AbstractContiguousKvStore implements DeviceKvStore {
    private final CudaRuntime gpu;
    private final Map<String, Layer> layers = new HashMap<>();
    private final DeviceBuffer tokenSlot;
    private final DeviceBuffer tokenIndex;
    private final DeviceBuffer slotNew;
    private final DeviceBuffer slotLen;
    private int total;
    private int maxNew;
    private int maxLen;
    private int usedSlots;

    /** One layer's keys and values on the device. */
    private record Layer(DeviceTensor keys, DeviceTensor values) {
    }

    public CudaContiguousKvStore(CudaRuntime gpu, CacheConfig cache) {
        super(cache, "contiguous on the GPU", "cuBLAS MatMul, Softmax, cuBLAS MatMul");
        this.gpu = gpu;
        this.tokenSlot = ints(cache.tokenBudget(), "token slots");
        this.tokenIndex = ints(cache.tokenBudget(), "token indices");
        this.slotNew = ints(cache.maxRunning(), "slot new tokens");
        this.slotLen = ints(cache.maxRunning(), "slot lengths");
    }

    private DeviceBuffer ints(int n, String what) {
        return gpu.pool().allocate(Math.max(1, n) * (long) Integer.BYTES, "contiguous cache " + what);
    }

    @Override
    public float[] appendAndAttend(String layer, AttentionHeads heads, PagedStep step, float[] q, float[] k, float[] v) {
        throw new OpException("the GPU's contiguous cache attends on the device only (layer '" + layer + "')");
    }

    @Override
    public void prepare(PagedStep step) {
        int[] rows = step.qoIndptr();
        total = rows[rows.length - 1];
        int[] slotOfToken = new int[total];
        int[] indexOfToken = new int[total];
        int[] news = new int[slots.slots()];
        int[] lens = new int[slots.slots()];
        maxNew = 1;
        maxLen = 1;
        usedSlots = 1;
        for (int r = 0; r + 1 < rows.length; r++) {
            int s = slots.slotOf(step.requests()[r]);
            news[s] = rows[r + 1] - rows[r];
            lens[s] = step.kvLength(r);
            for (int n = rows[r]; n < rows[r + 1]; n++) {
                slotOfToken[n] = s;
                indexOfToken[n] = n - rows[r];
            }
            maxNew = Math.max(maxNew, news[s]);
            maxLen = Math.max(maxLen, lens[s]);
            usedSlots = Math.max(usedSlots, s + 1);
        }
        gpu.stream().synchronize();
        tokenSlot.upload(slotOfToken);
        tokenIndex.upload(indexOfToken);
        slotNew.upload(news);
        slotLen.upload(lens);
    }

    @Override
    public Object captureKey() {
        return null;
    }

    /** Its buffers are allocated once, at fixed addresses. */
    @Override
    public int addressGeneration() {
        return 0;
    }

    @Override
    public DeviceTensor appendAndAttend(DeviceCall call, String name, AttentionHeads heads, PagedStep step,
                                        boolean tokenMajor) {
        if (tokenMajor) {
            throw new OpException("the GPU's contiguous cache takes head-major q, k and v (layer '" + name
                    + "'): the unfused baseline keeps the exporter's transposes");
        }
        DeviceTensor q = call.device(0);
        int d = heads.headDim();
        int group = heads.qHeads() / heads.kvHeads();
        Layer layer = layers.computeIfAbsent(name, n -> allocate(n, heads, q));
        Map<String, Object> defines = Map.of("T_DATA", q.type().cudaName(), "HEAD_DIM", d, "GROUP", group,
                "SLOT_TOKENS", slots.slotTokens());
        CudaKernel append = ServingKernels.load(gpu, "append_rows", "contiguous_kv.cu", defines);
        ServingKernels.overElements(gpu, append, (long) heads.kvHeads() * total * d, layer.keys().buffer(),
                layer.values().buffer(), call.device(1).buffer(), call.device(2).buffer(), tokenSlot, tokenIndex,
                slotNew, slotLen, total, heads.kvHeads());
        int batch = usedSlots * heads.kvHeads();
        int rowsPerHead = group * maxNew;
        DeviceTensor out = call.allocate(0, q.shape());
        try (DeviceTensor packed = call.allocate(q.dtype(), q.type(), new int[] {batch, rowsPerHead, d}, "packed queries");
             DeviceTensor scores = call.allocate(DType.FLOAT32, DeviceType.F32, new int[] {batch, rowsPerHead, maxLen},
                     "attention scores");
             DeviceTensor probs = call.allocate(q.dtype(), q.type(), new int[] {batch, rowsPerHead, maxLen},
                     "attention weights");
             DeviceTensor context = call.allocate(q.dtype(), q.type(), new int[] {batch, rowsPerHead, d},
                     "packed attention output")) {
            repack(true, defines, packed, q, heads);
            long slotStride = (long) slots.slotTokens() * d;
            gpu.cublas().gemm(false, true, rowsPerHead, maxLen, d, 1f, packed, (long) rowsPerHead * d, layer.keys(),
                    slotStride, 0f, scores, (long) rowsPerHead * maxLen, batch);
            CudaKernel softmax = ServingKernels.load(gpu, "causal_softmax", "contiguous_kv.cu", defines);
            ServingKernels.overRows(gpu, softmax, (long) batch * rowsPerHead, probs.buffer(), scores.buffer(), slotNew,
                    slotLen, (long) batch * rowsPerHead, maxNew, maxLen, heads.kvHeads(), heads.scale());
            gpu.cublas().gemm(false, false, rowsPerHead, d, maxLen, 1f, probs, (long) rowsPerHead * maxLen,
                    layer.values(), slotStride, 0f, context, (long) rowsPerHead * d, batch);
            repack(false, defines, out, context, heads);
        }
        return out;
    }

    /** contiguous_kv.cu's repack: the graph's queries into the packed layout, or the packed output back. */
    private void repack(boolean pack, Map<String, Object> defines, DeviceTensor to, DeviceTensor from,
                        AttentionHeads heads) {
        Map<String, Object> all = new HashMap<>(defines);
        all.put("PACK", pack ? 1 : 0);
        CudaKernel kernel = ServingKernels.load(gpu, "repack", "contiguous_kv.cu", all);
        ServingKernels.overElements(gpu, kernel, (long) heads.qHeads() * total * heads.headDim(), to.buffer(),
                from.buffer(), tokenSlot, tokenIndex, total, heads.qHeads(), heads.kvHeads(), maxNew);
    }

    /** A layer's slots, zeroed: P V reads keys past a slot's length with weight zero, so they must not be NaN. */
    private Layer allocate(String name, AttentionHeads heads, DeviceTensor like) {
        DeviceType storage = like.type();
        int[] shape = {slots.slots(), heads.kvHeads(), slots.slotTokens(), heads.headDim()};
        long bytes = (long) slots.slots() * heads.kvHeads() * slots.slotTokens() * heads.headDim() * storage.bytes();
        DeviceBuffer k = gpu.pool().allocate(bytes, "contiguous keys of '" + name + "'");
        DeviceBuffer v = gpu.pool().allocate(bytes, "contiguous values of '" + name + "'");
        k.fill((byte) 0);
        v.fill((byte) 0);
        return new Layer(DeviceTensor.over(k, shape, like.dtype(), storage), DeviceTensor.over(v, shape, like.dtype(),
                storage));
    }
}
