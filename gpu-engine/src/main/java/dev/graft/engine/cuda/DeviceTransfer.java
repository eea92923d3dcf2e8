package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoDAsync;

import dev.graft.attention.KvDType;
import dev.graft.engine.tensor.Tensor;
import jcuda.Pointer;

/**
 * Copies of graph values between the host and the device, converting storage: floating
 * values to fp32 or bf16 (rounded to nearest even), integers and booleans as 64-bit.
 * Uploads are queued on the runtime's stream (ordered with the kernels, so a pool buffer
 * reused after a kernel is never overwritten early); downloads wait for the stream.
 */
public final class DeviceTransfer {
    private DeviceTransfer() {
    }

    /** A device copy of {@code value} in memory from {@code pool}, floating values stored as {@code floating}. */
    public static DeviceTensor upload(CudaRuntime gpu, DeviceAllocator pool, Tensor value, DeviceType floating,
                                      String what) {
        DeviceType type = DeviceType.of(value.dtype(), floating);
        long bytes = Math.max(1, (long) value.size() * type.bytes());
        DeviceTensor t = DeviceTensor.over(pool.allocate(bytes, what), value.shape(), value.dtype(), type);
        write(gpu, t, value);
        return t;
    }

    /**
     * Queues a copy of {@code value} into {@code target}, which has its shape: how a caller
     * puts the next step's inputs where a captured graph reads them.
     */
    public static void write(CudaRuntime gpu, DeviceTensor target, Tensor value) {
        if (!java.util.Arrays.equals(target.shape(), value.shape())
                || value.dtype().isFloating() != (target.type() != DeviceType.I64)) {
            throw new CudaException("cannot write " + value.dtype() + java.util.Arrays.toString(value.shape())
                    + " into " + target);
        }
        if (value.size() > 0) {
            Pointer host = switch (target.type()) {
                case F32 -> Pointer.to(value.floats());
                case BF16 -> Pointer.to(toBf16(value.floats()));
                case F16 -> Pointer.to(KvDType.FP16.encode(value.floats()));
                case I64 -> Pointer.to(value.longs());
            };
            CudaCheck.call(cuMemcpyHtoDAsync(target.pointer(), host, target.bytes(), gpu.stream().handle()),
                    "cuMemcpyHtoDAsync into " + target);
        }
    }

    /** The host value of a device tensor, after everything queued before it has run. */
    public static Tensor download(CudaRuntime gpu, DeviceTensor t) {
        gpu.stream().synchronize();
        int n = t.size();
        return switch (t.type()) {
            case F32 -> {
                float[] out = new float[n];
                copy(t, Pointer.to(out), 4L * n);
                yield Tensor.ofFloats(t.dtype(), t.shape(), out);
            }
            case BF16 -> {
                short[] bits = new short[n];
                copy(t, Pointer.to(bits), 2L * n);
                float[] out = new float[n];
                inBlocks(n, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = Float.intBitsToFloat((bits[i] & 0xFFFF) << 16);
                    }
                });
                yield Tensor.ofFloats(t.dtype(), t.shape(), out);
            }
            case F16 -> {
                short[] bits = new short[n];
                copy(t, Pointer.to(bits), 2L * n);
                yield Tensor.ofFloats(t.dtype(), t.shape(), KvDType.FP16.decode(bits));
            }
            case I64 -> {
                long[] out = new long[n];
                copy(t, Pointer.to(out), 8L * n);
                yield Tensor.ofLongs(t.dtype(), t.shape(), out);
            }
        };
    }

    private static void copy(DeviceTensor t, Pointer host, long bytes) {
        if (bytes > 0) {
            CudaCheck.call(cuMemcpyDtoH(host, t.pointer(), bytes), "cuMemcpyDtoH of " + t);
        }
    }

    /** bf16 bits of each value, rounded to nearest even; NaN stays NaN. */
    static short[] toBf16(float[] values) {
        short[] out = new short[values.length];
        inBlocks(values.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                int bits = Float.floatToRawIntBits(values[i]);
                out[i] = Float.isNaN(values[i]) ? (short) 0x7FC0 : (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
            }
        });
        return out;
    }

    /** A block of indices {@code [from, to)}. */
    private interface Block {
        void run(int from, int to);
    }

    /**
     * Runs {@code block} over [0, n) in blocks of 1 Mi elements, in parallel when there are
     * several: the weights of an 8B-parameter model convert in seconds, not minutes.
     */
    private static void inBlocks(int n, Block block) {
        int size = 1 << 20;
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, (n + size - 1) / size);
        (n > size ? range.parallel() : range).forEach(b -> block.run(b * size, Math.min(n, (b + 1) * size)));
    }
}
