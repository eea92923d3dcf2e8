package dev.graft.engine.graph;

import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** The value of a node attribute, one case per ONNX attribute kind the engine supports. */
public sealed interface Attribute {

    record Int(long value) implements Attribute {
    }

    record Float(float value) implements Attribute {
    }

    record Str(String value) implements Attribute {
    }

    record TensorValue(Tensor value) implements Attribute {
    }

    record Strs(List<String> values) implements Attribute {
        public Strs {
            values = List.copyOf(values);
        }
    }

    /** A list of integers; arrays compared by content. */
    record Ints(long[] values) implements Attribute {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ints other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    /** A list of floats; arrays compared by content. */
    record Floats(float[] values) implements Attribute {
        @Override
        public boolean equals(Object o) {
            return o instanceof Floats other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }
}
