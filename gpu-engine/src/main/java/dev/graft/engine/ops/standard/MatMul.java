package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.BroadcastRows;
import dev.graft.engine.cpu.MatMulKernel;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.Broadcasting;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ONNX MatMul (numpy matmul): the last two dimensions multiply, leading ones
 * broadcast; a 1-D operand is a row (left) or a column (right) vector whose
 * unit dimension is dropped from the result.
 */
public final class MatMul implements Op {
    @Override
    public String name() {
        return "MatMul";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType a = ctx.inputType(0);
        TensorType b = ctx.inputType(1);
        Types.sameDType(ctx, 2);
        Types.requireFloating(a, "MatMul input");
        if (a.rank() == 0 || b.rank() == 0) {
            throw new OpException("MatMul inputs must have rank 1 or more, got " + a + " and " + b);
        }
        List<Dim> ad = new ArrayList<>(a.shape().dims());
        List<Dim> bd = new ArrayList<>(b.shape().dims());
        if (ad.size() == 1) {
            ad.addFirst(Dim.of(1));
        }
        if (bd.size() == 1) {
            bd.add(Dim.of(1));
        }
        Dim ka = ad.getLast();
        Dim kb = bd.get(bd.size() - 2);
        if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
            throw new OpException("MatMul inner dimensions differ: " + a + " x " + b);
        }
        Shape batch = Broadcasting.shape(new Shape(ad.subList(0, ad.size() - 2)), new Shape(bd.subList(0, bd.size() - 2)));
        List<Dim> out = new ArrayList<>(batch.dims());
        if (a.rank() > 1) {
            out.add(ad.get(ad.size() - 2));
        }
        if (b.rank() > 1) {
            out.add(bd.getLast());
        }
        return List.of(new TensorType(a.dtype(), new Shape(out)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        return List.of(multiply(ctx.required(0), ctx.required(1)));
    }

    /** The matmul of two float tensors, with the shapes rules above. */
    public static Tensor multiply(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length == 0 || bs.length == 0) {
            throw new OpException("MatMul inputs must have rank 1 or more");
        }
        int[] a3 = as.length == 1 ? new int[] {1, as[0]} : as;
        int[] b3 = bs.length == 1 ? new int[] {bs[0], 1} : bs;
        int m = a3[a3.length - 2];
        int k = a3[a3.length - 1];
        int n = b3[b3.length - 1];
        if (b3[b3.length - 2] != k) {
            throw new OpException("MatMul inner dimensions differ: " + Arrays.toString(as) + " x " + Arrays.toString(bs));
        }
        int[] aBatch = Arrays.copyOf(a3, a3.length - 2);
        int[] bBatch = Arrays.copyOf(b3, b3.length - 2);
        int[] batch = Broadcasting.shape(aBatch, bBatch);
        float[] out = new float[Tensor.sizeOf(batch) * m * n];
        float[] x = a.floats();
        float[] y = b.floats();
        if (Tensor.sizeOf(bBatch) == 1) {
            // B is shared by the whole batch (a projection): one product of all of A's rows fills the tiles.
            MatMulKernel.multiply(x, 0, y, 0, out, 0, Tensor.sizeOf(aBatch) * m, k, n);
        } else {
            // Walk the broadcast batch as rows of one element each: the batch shape plus a unit dimension.
            int[] batchRow = Arrays.copyOf(batch, batch.length + 1);
            batchRow[batch.length] = 1;
            BroadcastRows rows = new BroadcastRows(batchRow, withUnit(aBatch), withUnit(bBatch));
            int sa = rows.innerStride(0);
            int sb = rows.innerStride(1);
            rows.forEachRow((o, in, len) -> {
                for (int t = 0; t < len; t++) {
                    MatMulKernel.multiply(x, (in[0] + t * sa) * m * k, y, (in[1] + t * sb) * k * n, out,
                            (o + t) * m * n, m, k, n);
                }
            });
        }
        List<Integer> shape = new ArrayList<>();
        for (int d : batch) {
            shape.add(d);
        }
        if (as.length > 1) {
            shape.add(m);
        }
        if (bs.length > 1) {
            shape.add(n);
        }
        return Tensor.ofFloats(a.dtype(), shape.stream().mapToInt(Integer::intValue).toArray(), out);
    }

    private static int[] withUnit(int[] s) {
        int[] t = Arrays.copyOf(s, s.length + 1);
        t[s.length] = 1;
        return t;
    }
}
