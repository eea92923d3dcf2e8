package dev.graft.engine.cuda;

import dev.graft.engine.graph.Node;
import dev.graft.engine.tensor.Tensor;

/**
 * Shape and Size of a device value, from its shape alone: the host computes them without
 * downloading the data (ONNX Shape's start and end clamp, negatives counting from the end).
 */
final class ShapeOnly {
    private ShapeOnly() {
    }

    static Tensor value(Node node, int[] shape) {
        if (node.op().equals("Size")) {
            return Tensor.scalar((long) Tensor.sizeOf(shape));
        }
        int rank = shape.length;
        int start = clamp(node.attributes().getInt("start", 0), rank);
        int end = Math.max(start, clamp(node.attributes().getInt("end", rank), rank));
        long[] dims = new long[end - start];
        for (int d = start; d < end; d++) {
            dims[d - start] = shape[d];
        }
        return Tensor.ofLongs(new int[] {dims.length}, dims);
    }

    private static int clamp(long v, int rank) {
        long w = v < 0 ? v + rank : v;
        return (int) Math.max(0, Math.min(rank, w));
    }
}
