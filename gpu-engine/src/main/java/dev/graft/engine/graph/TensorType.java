package dev.graft.engine.graph;

import dev.graft.engine.tensor.DType;

/** The type of a value: element type and shape, written {@code f32[batch,seq,64]}. */
public record TensorType(DType dtype, Shape shape) {

    public static TensorType of(DType dtype, Dim... dims) {
        return new TensorType(dtype, Shape.of(dims));
    }

    public static TensorType of(DType dtype, long... sizes) {
        return new TensorType(dtype, Shape.of(sizes));
    }

    public static TensorType scalar(DType dtype) {
        return new TensorType(dtype, Shape.of(new long[0]));
    }

    public int rank() {
        return shape.rank();
    }

    @Override
    public String toString() {
        return dtype.shortName() + shape;
    }
}
