package dev.graft.engine.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.fused.FusedOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a {@link Graph} as an ONNX model that {@link OnnxImporter} reads back to the
 * same graph: nodes in topological order, initializers as raw data, inputs and
 * outputs with their types (named dimensions as dim_param). Graft's fused kernels go
 * in {@link GraftDomain}; the standard opset is the one {@link StandardOpset} picks
 * for the ops the graph uses.
 */
public final class OnnxExporter {
    private OnnxExporter() {
    }

    /** Writes the model to a file; a file that cannot be written is a {@link UserError}. */
    public static void write(Graph g, Path file) {
        try {
            Files.write(file, toBytes(g));
        } catch (IOException e) {
            throw new UserError(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The serialized ModelProto. */
    public static byte[] toBytes(Graph g) {
        return model(g).toByteArray();
    }

    static ModelProto model(Graph g) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName(g.name());
        for (Value in : g.inputs()) {
            graph.addInput(valueInfo(in));
        }
        for (Value init : g.initializers()) {
            graph.addInitializer(OnnxTensorEncoder.encode(init.name(), init.constant()));
        }
        TreeSet<String> domains = new TreeSet<>();
        for (Node n : g.topologicalOrder()) {
            NodeProto node = node(n);
            graph.addNode(node);
            if (!node.getDomain().isEmpty()) {
                domains.add(node.getDomain());
            }
        }
        for (Value out : g.outputs()) {
            graph.addOutput(valueInfo(out));
        }
        int opset = StandardOpset.of(g);
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(StandardOpset.irVersion(opset))
                .setProducerName("graft")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        for (String domain : domains) {
            int version = domain.equals(GraftDomain.NAME) ? GraftDomain.VERSION : 1;
            model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain).setVersion(version));
        }
        return model.setGraph(graph).build();
    }

    private static NodeProto node(Node n) {
        String domain = n.domain().isEmpty() && FusedOps.isFused(n.op()) ? GraftDomain.NAME : n.domain();
        NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).setOpType(n.op()).setDomain(domain);
        for (Value in : n.inputs()) {
            b.addInput(in == null ? "" : in.name());
        }
        for (Value out : n.outputs()) {
            b.addOutput(out.name());
        }
        for (Map.Entry<String, Attribute> a : n.attributes().asMap().entrySet()) {
            b.addAttribute(attribute(a.getKey(), a.getValue()));
        }
        return b.build();
    }

    private static AttributeProto attribute(String name, Attribute value) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name);
        switch (value) {
            case Attribute.Int i -> b.setType(AttributeProto.AttributeType.INT).setI(i.value());
            case Attribute.Float f -> b.setType(AttributeProto.AttributeType.FLOAT).setF(f.value());
            case Attribute.Str s -> b.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s.value()));
            case Attribute.Ints is -> {
                b.setType(AttributeProto.AttributeType.INTS);
                for (long v : is.values()) {
                    b.addInts(v);
                }
            }
            case Attribute.Floats fs -> {
                b.setType(AttributeProto.AttributeType.FLOATS);
                for (float v : fs.values()) {
                    b.addFloats(v);
                }
            }
            case Attribute.Strs ss -> {
                b.setType(AttributeProto.AttributeType.STRINGS);
                ss.values().forEach(s -> b.addStrings(ByteString.copyFromUtf8(s)));
            }
            case Attribute.TensorValue t -> b.setType(AttributeProto.AttributeType.TENSOR)
                    .setT(OnnxTensorEncoder.encode(name, t.value()));
        }
        return b.build();
    }

    private static ValueInfoProto valueInfo(Value v) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Dim d : v.type().shape().dims()) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            switch (d) {
                case Dim.Known k -> dim.setDimValue(k.size());
                case Dim.Symbol s -> dim.setDimParam(s.name());
                case Dim.Unknown u -> {
                }
            }
            shape.addDim(dim);
        }
        TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder()
                .setElemType(OnnxTypes.code(v.type().dtype())).setShape(shape).build();
        return ValueInfoProto.newBuilder().setName(v.name()).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }
}
