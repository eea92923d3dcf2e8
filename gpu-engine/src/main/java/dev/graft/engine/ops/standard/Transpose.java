package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.StridedCopy;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** ONNX Transpose: output axis i is input axis {@code perm[i]}; no perm reverses the axes. */
public final class Transpose implements Op {
    @Override
    public String name() {
        return "Transpose";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType in = ctx.inputType(0);
        int[] perm = perm(ctx.attributes().getInts("perm"), in.rank());
        List<Dim> dims = new ArrayList<>();
        for (int p : perm) {
            dims.add(in.shape().dim(p));
        }
        return List.of(new TensorType(in.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        int[] perm = perm(ctx.attributes().getInts("perm"), x.rank());
        int[] strides = Strides.of(x.shape());
        int[] outShape = new int[perm.length];
        int[] outStrides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            outShape[i] = x.dim(perm[i]);
            outStrides[i] = strides[perm[i]];
        }
        return List.of(StridedCopy.copy(x, 0, outShape, outStrides));
    }

    private static int[] perm(long[] given, int rank) {
        int[] perm = new int[rank];
        if (given == null) {
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
            return perm;
        }
        if (given.length != rank) {
            throw new OpException("perm " + Arrays.toString(given) + " does not fit rank " + rank);
        }
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            if (given[i] < 0 || given[i] >= rank || seen[(int) given[i]]) {
                throw new OpException("perm " + Arrays.toString(given) + " is not a permutation of 0.." + (rank - 1));
            }
            perm[i] = (int) given[i];
            seen[perm[i]] = true;
        }
        return perm;
    }
}
