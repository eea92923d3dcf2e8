package dev.graft.engine.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds small ONNX models in tests: one node, inputs fed at run time, integer parameters as initializers. */
final class OnnxModelBuilder {
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final NodeProto.Builder node;
    final Map<String, Tensor> feeds = new LinkedHashMap<>();
    private int next;
    private int outputs = 1;

    OnnxModelBuilder(String op) {
        node = NodeProto.newBuilder().setName("node0").setOpType(op);
    }

    /** An input fed at run time. */
    OnnxModelBuilder input(Tensor t) {
        String name = "x" + next++;
        TypeProto.Tensor.Builder type = TypeProto.Tensor.newBuilder().setElemType(OnnxTypes.code(t.dtype()));
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d : t.shape()) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(type.setShape(shape))));
        node.addInput(name);
        feeds.put(name, t);
        return this;
    }

    /** An int64 initializer input (axes, shapes, bounds). */
    OnnxModelBuilder constant(long... values) {
        TensorProto.Builder t = initializer(DType.INT64).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return addInitializer(t);
    }

    /** An int64 scalar initializer input. */
    OnnxModelBuilder scalar(long value) {
        return addInitializer(initializer(DType.INT64).addInt64Data(value));
    }

    /** A float32 scalar initializer input (Clip's bounds). */
    OnnxModelBuilder scalar(float value) {
        return addInitializer(initializer(DType.FLOAT32).addFloatData(value));
    }

    private TensorProto.Builder initializer(DType dtype) {
        return TensorProto.newBuilder().setName("c" + next++).setDataType(OnnxTypes.code(dtype));
    }

    private OnnxModelBuilder addInitializer(TensorProto.Builder t) {
        graph.addInitializer(t);
        node.addInput(t.getName());
        return this;
    }

    OnnxModelBuilder attr(String name, String value) {
        node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)));
        return this;
    }

    OnnxModelBuilder attr(String name, long value) {
        node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value));
        return this;
    }

    OnnxModelBuilder attr(String name, float value) {
        node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value));
        return this;
    }

    OnnxModelBuilder attr(String name, long[] values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        node.addAttribute(a);
        return this;
    }

    /** The node's output count (1 unless set). */
    OnnxModelBuilder outputs(int count) {
        outputs = count;
        return this;
    }

    byte[] build() {
        for (int i = 0; i < outputs; i++) {
            node.addOutput("y" + i);
            graph.addOutput(ValueInfoProto.newBuilder().setName("y" + i));
        }
        graph.addNode(node);
        return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(18)).build().toByteArray();
    }
}
