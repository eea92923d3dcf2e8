package dev.graft.pipeline.stages;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Splits a batch along axis 0 into equal microbatches; an uneven split is refused, not padded. */
public final class Microbatches {
    private Microbatches() {
    }

    public static List<Map<String, Tensor>> split(Map<String, Tensor> batch, int count) {
        if (count < 1) {
            throw new UserError("the microbatch count must be at least 1, got " + count);
        }
        List<Map<String, Tensor>> parts = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            parts.add(new HashMap<>());
        }
        batch.forEach((name, t) -> {
            int rows = t.rank() == 0 ? 0 : t.dim(0);
            if (rows % count != 0 || rows == 0) {
                throw new UserError("cannot split batch input '" + name + "' of " + rows + " rows into " + count
                        + " microbatches: " + count + " does not divide " + rows);
            }
            int per = rows / count;
            for (int m = 0; m < count; m++) {
                parts.get(m).put(name, rows(t, m * per, per));
            }
        });
        return parts;
    }

    private static Tensor rows(Tensor t, int first, int count) {
        int[] shape = t.shape();
        int row = t.size() / shape[0];
        shape[0] = count;
        if (t.dtype().isFloating()) {
            return Tensor.ofFloats(t.dtype(), shape, Arrays.copyOfRange(t.floats(), first * row, (first + count) * row));
        }
        return Tensor.ofLongs(t.dtype(), shape, Arrays.copyOfRange(t.longs(), first * row, (first + count) * row));
    }
}
