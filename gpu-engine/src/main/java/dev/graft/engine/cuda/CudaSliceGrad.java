package dev.graft.engine.cuda;

import dev.graft.engine.ops.standard.Slice;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code graft.train::SliceGrad} on the device: the output is zeroed on the stream, then dy
 * is copied into the positions the slice read, by the pointwise template ({@link
 * Pointwise#COPY}) writing through the slice's strided view. The view is {@link Slice#view}
 * of the bounds, as for the forward op and the CPU op, so clamping and negative steps agree;
 * a slice reads each position at most once, so the copy needs no adds.
 */
final class CudaSliceGrad implements DeviceOp {
    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        for (int i = 1; i < call.inputCount(); i++) {
            if (call.has(i) && !call.onHost(i)) {
                return null;
            }
        }
        int[] shape = CudaGatherGrad.ints(call.host(1));
        DeviceLayout layout = layout(shape, call.shape(0), longs(call, 2), longs(call, 3), longs(call, 4),
                longs(call, 5));
        if (layout == null) {
            return null;
        }
        DeviceTensor dy = call.device(0);
        DeviceTensor out = call.allocate(0, shape);
        StreamZero.zero(call.gpu(), out);
        Pointwise.launch(call.gpu(), Pointwise.COPY, out, layout, dy);
        return List.of(out);
    }

    /**
     * The copy of dy (operand 1, contiguous) into dx of {@code shape} (operand 0, through the
     * slice's view), merged; {@code null} when dy is not the slice's shape (the CPU op then
     * says why) or the walk has more axes than the kernel takes.
     */
    static DeviceLayout layout(int[] shape, int[] dy, long[] starts, long[] ends, long[] axes, long[] steps) {
        Slice.View view = Slice.view(shape, starts, ends, axes, steps);
        if (!Arrays.equals(view.shape(), dy)) {
            return null;
        }
        long[] strides = Arrays.stream(view.strides()).asLongStream().toArray();
        DeviceLayout layout = DeviceLayout.over(view.shape()).operand(0, view.offset(), strides).same(1).coalesced();
        return layout.fits() ? layout : null;
    }

    private static long[] longs(DeviceCall call, int i) {
        return call.has(i) ? call.host(i).toLongs() : null;
    }
}
