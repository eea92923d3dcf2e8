package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

import dev.graft.attention.AttentionBatch;
import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionVariant;
import dev.graft.attention.CustomMask;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.attention.KvSource;
import dev.graft.attention.MaskMode;
import dev.graft.attention.WorkspaceLayout;
import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;

/**
 * A FusedAttention node's shapes in the attention library's terms, planned on the host and
 * resident on the device: batch element r is request r, with {@code sq} ragged query rows
 * and {@code skv} ragged KV rows ({@code (b * s, heads, headDim)}, the library's NHD
 * layout), and a mask input the library's custom mask {@code (b, maskHeads, sq, skv)} fp32
 * (its offsets are part of the plan). The plan depends only on these shapes, the causal
 * flag and the mask's heads, so it is made and
 * uploaded the first time they are seen and kept (under {@link #key}) for every later run
 * and every layer of the same shapes; a launch then only queues kernels.
 */
final class FusedAttentionPlan implements AutoCloseable {
    private final AttentionBatch shape;
    private final AttentionPlan plan;
    private final WorkspaceLayout layout;
    private final List<DeviceBuffer> buffers = new ArrayList<>();
    private final DeviceBuffer qoIndptr;
    private final DeviceBuffer kvIndptr;
    private final DeviceBuffer unused;
    private final DeviceBuffer maskOffsets;
    private final DeviceBuffer workspace;

    private FusedAttentionPlan(CudaRuntime gpu, DeviceAllocator pool, AttentionBatch shape) {
        this.shape = shape;
        this.plan = gpu.attention().plan(shape);
        this.layout = plan.workspaceLayout(shape.heads());
        try {
            int[] kv = ((KvSource.Ragged) shape.kv()).kvIndptr();
            qoIndptr = allocate(pool, shape.qoIndptr().length * 4L, "qo_indptr");
            upload(gpu, qoIndptr, Pointer.to(shape.qoIndptr()), shape.qoIndptr().length * 4L);
            kvIndptr = allocate(pool, kv.length * 4L, "kv_indptr");
            upload(gpu, kvIndptr, Pointer.to(kv), kv.length * 4L);
            unused = allocate(pool, 8, "page table and mask (unused)");
            if (shape.mask() == null) {
                maskOffsets = unused;
            } else {
                long[] offsets = shape.mask().offsets();
                maskOffsets = allocate(pool, offsets.length * 8L, "mask offsets");
                upload(gpu, maskOffsets, Pointer.to(offsets), offsets.length * 8L);
            }
            java.nio.ByteBuffer schedule = plan.encodeSchedule(layout);
            byte[] bytes = new byte[schedule.remaining()];
            schedule.duplicate().get(bytes);
            workspace = allocate(pool, layout.sizeBytes(), "workspace");
            upload(gpu, workspace, Pointer.to(bytes), bytes.length);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Plans {@code shape} on this device and uploads the plan into memory from {@code pool}. */
    static FusedAttentionPlan upload(CudaRuntime gpu, DeviceAllocator pool, AttentionBatch shape) {
        return new FusedAttentionPlan(gpu, pool, shape);
    }

    /** Everything the plan depends on; the scale is a launch parameter, so layers of any scale share it. */
    static String key(int b, int hq, int hkv, int sq, int skv, int d, KvDType dtype, boolean causal, int maskHeads) {
        return "FusedAttention b" + b + " hq" + hq + " hkv" + hkv + " sq" + sq + " skv" + skv + " d" + d + " "
                + dtype.shortName() + (causal ? " causal" : "") + (maskHeads > 0 ? " mask" + maskHeads : "");
    }

    /**
     * The library batch of these shapes (its host arrays are zeros: the plan reads lengths
     * only, the data lives on the device): request r owns query rows {@code [r * sq, (r+1) * sq)}
     * and KV rows {@code [r * skv, (r+1) * skv)}; with {@code maskHeads} 1 or hq, a shared
     * or per-head custom mask, 0 for none.
     */
    static AttentionBatch batch(int b, int hq, int hkv, int sq, int skv, int d, KvDType dtype, boolean causal,
                                int maskHeads) {
        HeadConfig heads = new HeadConfig(hq, hkv, d, dtype);
        int[] qoIndptr = new int[b + 1];
        int[] kvIndptr = new int[b + 1];
        for (int r = 0; r < b; r++) {
            qoIndptr[r + 1] = qoIndptr[r] + sq;
            kvIndptr[r + 1] = kvIndptr[r] + skv;
        }
        long kv = (long) b * skv * heads.kvRowElements();
        long q = (long) b * sq * heads.qoRowElements();
        if (kv > Integer.MAX_VALUE || q > Integer.MAX_VALUE) {
            throw new CudaException("FusedAttention of " + q + " query and " + kv + " key elements exceeds what one "
                    + "attention batch holds");
        }
        AttentionVariant variant = AttentionVariant.DEFAULT.withCausal(causal);
        CustomMask mask = null;
        if (maskHeads > 0) {
            int[] qoLens = new int[b];
            int[] kvLens = new int[b];
            java.util.Arrays.fill(qoLens, sq);
            java.util.Arrays.fill(kvLens, skv);
            variant = variant.withMask(maskHeads == 1 ? MaskMode.SHARED : MaskMode.PER_HEAD);
            mask = CustomMask.zeros(qoLens, kvLens, maskHeads);
        }
        return new AttentionBatch(heads, variant, qoIndptr, new short[(int) q],
                new KvSource.Ragged(heads, kvIndptr, new short[(int) kv], new short[(int) kv]), mask);
    }

    /**
     * Queues the attention kernel (and the merge, where the plan splits a row's KV) over
     * device rows in the library's layout and 16-bit type: {@code q} and {@code out} of
     * {@code (b * sq, hq, d)}, {@code k} and {@code v} of {@code (b * skv, hkv, d)},
     * {@code lse} of {@code (b * sq, hq)} fp32, and {@code mask} (null without one) of
     * {@code (b, maskHeads, sq, skv)} fp32.
     */
    void launch(CudaRuntime gpu, double scale, DeviceTensor q, DeviceTensor k, DeviceTensor v, DeviceTensor mask,
                DeviceTensor out, DeviceTensor lse) {
        AttentionBatch layer = new AttentionBatch(shape.heads(), shape.variant().withScale(scale), shape.qoIndptr(),
                shape.q(), shape.kv(), shape.mask());
        gpu.attention().launch(layer, plan.numItems(), plan.totalQoRows(), layout,
                new AttentionOperands(q.buffer(), k.buffer(), v.buffer(), kvIndptr, unused, unused, qoIndptr,
                        mask == null ? unused : mask.buffer(), maskOffsets, workspace, out.buffer(), lse.buffer(),
                        RowLayout.tokenMajor(shape.heads().numQoHeads(), shape.heads().headDim())),
                plan.needsMerge());
    }

    /**
     * Queued on the runtime's stream like every other use of pool memory: a buffer the pool
     * hands out may still be read by kernels queued before, which a copy outside the stream
     * could overtake. (Pageable host memory is staged before the call returns.)
     */
    private static void upload(CudaRuntime gpu, DeviceBuffer target, Pointer host, long bytes) {
        if (bytes > target.capacity()) {
            throw new CudaException("copy of " + bytes + " bytes does not fit a device buffer of " + target.capacity());
        }
        CudaCheck.call(cuMemcpyHtoDAsync(target.pointer(), host, bytes, gpu.stream().handle()),
                "cuMemcpyHtoDAsync of a FusedAttention plan");
    }

    private DeviceBuffer allocate(DeviceAllocator pool, long bytes, String what) {
        DeviceBuffer b = pool.allocate(Math.max(1, bytes), "FusedAttention plan " + what);
        buffers.add(b);
        return b;
    }

    @Override
    public void close() {
        buffers.forEach(DeviceBuffer::close);
        buffers.clear();
    }

    @Override
    public String toString() {
        return "FusedAttention plan of " + plan.numItems() + " work items";
    }
}
