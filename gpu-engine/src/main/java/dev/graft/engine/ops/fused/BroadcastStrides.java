package dev.graft.engine.ops.fused;

import dev.graft.engine.ops.OpException;
import java.util.Arrays;

/**
 * Reads a tensor broadcast (numpy rules, aligned at the last axis) to a larger
 * shape: {@link #strides} gives, per target axis, how far one step moves in the
 * source, 0 where the source has size 1 or lacks the axis.
 */
final class BroadcastStrides {
    private BroadcastStrides() {
    }

    static int[] strides(int[] source, int[] target, String what) {
        if (source.length > target.length) {
            throw new OpException(what + " " + Arrays.toString(source) + " has more axes than " + Arrays.toString(target));
        }
        int[] out = new int[target.length];
        int step = 1;
        for (int s = source.length - 1; s >= 0; s--) {
            int t = s + target.length - source.length;
            if (source[s] != 1 && source[s] != target[t]) {
                throw new OpException(what + " " + Arrays.toString(source) + " does not broadcast to "
                        + Arrays.toString(target));
            }
            out[t] = source[s] == 1 ? 0 : step;
            step *= source[s];
        }
        return out;
    }

    /** The source offset of every element of the target, in row-major target order. */
    static int[] offsets(int[] source, int[] target, String what) {
        int[] strides = strides(source, target, what);
        int size = 1;
        for (int d : target) {
            size *= d;
        }
        int[] out = new int[size];
        int[] index = new int[target.length];
        int offset = 0;
        for (int i = 0; i < size; i++) {
            out[i] = offset;
            for (int axis = target.length - 1; axis >= 0; axis--) {
                index[axis]++;
                offset += strides[axis];
                if (index[axis] < target[axis]) {
                    break;
                }
                offset -= strides[axis] * target[axis];
                index[axis] = 0;
            }
        }
        return out;
    }
}
