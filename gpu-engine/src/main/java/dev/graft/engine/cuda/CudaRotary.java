package dev.graft.engine.cuda;

import dev.graft.engine.ops.Broadcasting;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * FusedRotary (rotate-half RoPE with cos and sin broadcast to x) on the device (rotary.cu,
 * fp32 arithmetic). When every operand is read along the last axis contiguously and aligned
 * for eight-element vector accesses ({@link #byRows}), the template's row entry takes pairs of
 * eight (a bf16 4096 x 16 x 128 rotation went from 119 to about 15 us on H100); otherwise
 * the element-by-element entry. Shapes the contract refuses go to the CPU op, which says why.
 */
final class CudaRotary implements DeviceOp {
    static Map<String, DeviceOp> all() {
        return Map.of("FusedRotary", new CudaRotary());
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        int[] shape = call.shape(0);
        int rank = shape.length;
        boolean fits = rank > 0 && rank <= DeviceLayout.MAX_RANK && shape[rank - 1] % 2 == 0
                && Arrays.equals(Broadcasting.shape(shape, call.shape(1), call.shape(2)), shape);
        if (!fits) {
            return null;
        }
        DeviceTensor x = call.device(0);
        DeviceTensor cos = call.device(1);
        DeviceTensor sin = call.device(2);
        DeviceTensor out = call.allocate(0, shape);
        if (out.size() > 0) {
            DeviceLayout layout = DeviceLayout.over(shape).same(1).broadcast(2, cos.shape()).broadcast(3, sin.shape());
            boolean rows = byRows(layout) && VectorAccess.aligned(out, x, cos, sin);
            CudaKernel kernel = call.gpu().loader().load(source(rows ? "rotary_rows" : "rotary", out.type(), x.type(),
                    cos.type(), sin.type()));
            Launches.overElements(call.gpu(), kernel, rows ? out.size() / 16 : out.size(), out.buffer(), x.buffer(),
                    cos.buffer(), sin.buffer(), layout.pack());
        }
        return List.of(out);
    }

    /**
     * Whether rotary_rows can take the walk: the last axis a multiple of 16 and contiguous
     * for every operand, every other stride and every offset a multiple of 8.
     */
    private static boolean byRows(DeviceLayout layout) {
        int[] shape = layout.shape();
        int last = shape.length - 1;
        if (shape[last] % 16 != 0) {
            return false;
        }
        for (int k = 0; k < DeviceLayout.MAX_OPERANDS; k++) {
            long[] strides = layout.strides(k);
            if (strides[last] != 1 || layout.offset(k) % 8 != 0) {
                return false;
            }
            for (int d = 0; d < last; d++) {
                if (strides[d] % 8 != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The template over these storage types. */
    static KernelSource source(DeviceType out, DeviceType x, DeviceType cos, DeviceType sin) {
        return source("rotary", out, x, cos, sin);
    }

    private static KernelSource source(String entry, DeviceType out, DeviceType x, DeviceType cos, DeviceType sin) {
        return KernelSource.template(entry, "rotary.cu").define(Map.of("T_OUT", out.cudaName(), "T_X",
                x.cudaName(), "T_COS", cos.cudaName(), "T_SIN", sin.cudaName()));
    }
}
