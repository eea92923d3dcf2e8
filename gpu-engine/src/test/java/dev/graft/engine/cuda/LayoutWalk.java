package dev.graft.engine.cuda;

/** The offsets a pointwise launch visits, computed on the CPU, for tests of layouts. */
final class LayoutWalk {
    private LayoutWalk() {
    }

    /** broadcast.cuh's layout_offsets over the packed struct: every operand's offset at element i. */
    static long[] offsets(long[] packed, long i) {
        int rank = (int) packed[1];
        long[] off = new long[DeviceLayout.MAX_OPERANDS];
        for (int o = 0; o < off.length; o++) {
            off[o] = packed[2 + DeviceLayout.MAX_RANK + o];
        }
        long rest = i;
        for (int d = rank - 1; d >= 0; d--) {
            long size = packed[2 + d];
            long c = d == 0 ? rest : rest % size;
            rest = d == 0 ? 0 : rest / size;
            for (int o = 0; o < off.length; o++) {
                off[o] += c * packed[2 + DeviceLayout.MAX_RANK + DeviceLayout.MAX_OPERANDS + o * DeviceLayout.MAX_RANK + d];
            }
        }
        return off;
    }

    /** The copy a layout describes, operand 1 into operand 0, on host arrays. */
    static float[] copy(DeviceLayout layout, float[] from, int outSize) {
        float[] out = new float[outSize];
        long[] packed = layout.pack();
        for (long i = 0; i < packed[0]; i++) {
            long[] off = offsets(packed, i);
            out[(int) off[0]] = from[(int) off[1]];
        }
        return out;
    }
}
