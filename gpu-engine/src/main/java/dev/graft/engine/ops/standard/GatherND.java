package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Storage;
import dev.graft.engine.cpu.Strides;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.NotStaticException;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX GatherND: each index tuple (the last axis of {@code indices}, length q)
 * picks a slice of {@code data}; the first {@code batch_dims} axes are shared.
 * Output shape: {@code indices[:-1] + data[batch_dims + q:]}.
 */
public final class GatherND implements Op {
    @Override
    public String name() {
        return "GatherND";
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        TensorType data = ctx.inputType(0);
        TensorType indices = ctx.inputType(1);
        int b = batchDims(ctx.attributes().getInt("batch_dims", 0), data.rank(), indices.rank());
        Dim q = indices.shape().dim(indices.rank() - 1);
        List<Dim> dims = new ArrayList<>(indices.shape().dims().subList(0, indices.rank() - 1));
        if (!q.isKnown()) {
            throw new NotStaticException("the last dimension of indices must be known, got " + indices);
        }
        if (b + q.size() > data.rank()) {
            throw new OpException("index tuples of length " + q.size() + " exceed the rank of " + data);
        }
        dims.addAll(data.shape().dims().subList(b + (int) q.size(), data.rank()));
        return List.of(new TensorType(data.dtype(), new Shape(dims)));
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor data = ctx.required(0);
        Tensor indices = ctx.required(1);
        int b = batchDims(ctx.attributes().getInt("batch_dims", 0), data.rank(), indices.rank());
        int[] ds = data.shape();
        int[] is = indices.shape();
        int q = is[is.length - 1];
        if (b + q > ds.length) {
            throw new OpException("index tuples of length " + q + " exceed rank " + ds.length);
        }
        int batch = 1;
        for (int d = 0; d < b; d++) {
            batch *= ds[d];
        }
        int slice = 1;
        for (int d = b + q; d < ds.length; d++) {
            slice *= ds[d];
        }
        int tuples = indices.size() / Math.max(1, q) / Math.max(1, batch);
        int[] strides = Strides.of(ds);
        int batchStride = b == 0 ? 0 : strides[b - 1];
        int[] outShape = new int[is.length - 1 + ds.length - b - q];
        System.arraycopy(is, 0, outShape, 0, is.length - 1);
        System.arraycopy(ds, b + q, outShape, is.length - 1, ds.length - b - q);
        long[] idx = Types.longsOf(indices, "indices");
        Object src = Storage.of(data);
        Object dst = Storage.allocate(data.dtype(), Tensor.sizeOf(outShape));
        int out = 0;
        for (int bi = 0; bi < batch; bi++) {
            for (int t = 0; t < tuples; t++) {
                int base = (bi * tuples + t) * q;
                int at = bi * batchStride;
                for (int k = 0; k < q; k++) {
                    long v = idx[base + k];
                    int size = ds[b + k];
                    long w = v < 0 ? v + size : v;
                    if (w < 0 || w >= size) {
                        throw new OpException("index " + v + " is out of range for axis " + (b + k) + " of size " + size);
                    }
                    at += (int) w * strides[b + k];
                }
                System.arraycopy(src, at, dst, out, slice);
                out += slice;
            }
        }
        return List.of(Storage.wrap(data.dtype(), outShape, dst));
    }

    private static int batchDims(long b, int dataRank, int indicesRank) {
        if (indicesRank < 1) {
            throw new OpException("indices must have rank 1 or more");
        }
        if (b < 0 || b >= indicesRank || b > dataRank) {
            throw new OpException("batch_dims " + b + " does not fit data of rank " + dataRank + " and indices of rank "
                    + indicesRank);
        }
        return (int) b;
    }
}
