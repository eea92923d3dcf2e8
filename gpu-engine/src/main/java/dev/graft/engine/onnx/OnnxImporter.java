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
import com.google.protobuf.InvalidProtocolBufferException;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.TypeInference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX model file into a {@link Graph} and types it with
 * {@link TypeInference}. Uses the protobuf classes of tribuo-util-onnx
 * ({@code ai.onnx.proto.OnnxMl}). Every problem with the file is a
 * {@link UserError} naming the file and, where there is one, the node.
 */
public final class OnnxImporter {
    /** Older opsets give Softmax and friends other semantics; the standard ops here follow opset 13 and later. */
    static final int MIN_OPSET = 13;

    private final Path file;
    private final Graph graph;

    private OnnxImporter(Path file, String name) {
        this.file = file;
        this.graph = new Graph(name);
    }

    /** Loads and type-checks a model file. */
    public static Graph load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
        return fromBytes(bytes, file);
    }

    /** Reads a model from its bytes; {@code file} names it in messages and locates external data. */
    public static Graph fromBytes(byte[] bytes, Path file) {
        ModelProto model = parse(file, bytes);
        OnnxImporter importer = new OnnxImporter(file, graphName(file, model));
        importer.checkOpset(model);
        importer.read(model.getGraph(), new FunctionInliner(model));
        TypeInference.run(importer.graph);
        return importer.graph;
    }

    private static ModelProto parse(Path file, byte[] bytes) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UserError(file + ": not an ONNX model, or truncated (" + e.getMessage() + ")", e);
        }
        // Protobuf reads many byte strings as some message; a model has an IR version and a graph with outputs.
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getOutputCount() == 0) {
            throw new UserError(file + ": not an ONNX model (no IR version or no graph outputs)");
        }
        return model;
    }

    private static String graphName(Path file, ModelProto model) {
        String name = model.getGraph().getName();
        return name.isEmpty() ? file.getFileName().toString() : name;
    }

    private void checkOpset(ModelProto model) {
        for (OperatorSetIdProto opset : model.getOpsetImportList()) {
            boolean standard = opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx");
            if (standard && opset.getVersion() < MIN_OPSET) {
                throw new UserError(file + ": opset " + opset.getVersion() + " is older than " + MIN_OPSET
                        + ", the oldest Graft supports; re-export with a newer opset");
            }
        }
    }

    private void read(GraphProto g, FunctionInliner inliner) {
        for (TensorProto init : g.getInitializerList()) {
            graph.addInitializer(init.getName(), OnnxTensors.decode(init, dir(), where("initializer '" + init.getName() + "'")));
        }
        for (ValueInfoProto in : g.getInputList()) {
            if (graph.value(in.getName()) == null) {
                graph.addInput(in.getName(), type(in, "graph input"));
            }
        }
        List<NodeProto> nodes = inliner.expand(g.getNodeList());
        for (int i = 0; i < nodes.size(); i++) {
            node(nodes.get(i), i);
        }
        Map<String, ValueInfoProto> declared = new LinkedHashMap<>();
        g.getValueInfoList().forEach(v -> declared.put(v.getName(), v));
        g.getOutputList().forEach(v -> declared.put(v.getName(), v));
        for (ValueInfoProto v : declared.values()) {
            Value value = graph.value(v.getName());
            boolean typed = v.getType().hasTensorType() && v.getType().getTensorType().hasShape();
            if (value != null && value.producer() != null && typed) {
                value.setType(type(v, "value"));
            }
        }
        for (ValueInfoProto out : g.getOutputList()) {
            Value v = graph.value(out.getName());
            if (v == null) {
                throw new UserError(where("graph output '" + out.getName() + "'") + " is not computed by any node");
            }
            graph.addOutput(v);
        }
    }

    private void node(NodeProto n, int index) {
        String name = n.getName().isEmpty() ? n.getOpType() + "_" + index : n.getName();
        List<Value> inputs = new ArrayList<>();
        for (String in : n.getInputList()) {
            if (in.isEmpty()) {
                inputs.add(null);
                continue;
            }
            Value v = graph.value(in);
            if (v == null) {
                throw new UserError(where("node '" + name + "' (" + n.getOpType() + ")") + " reads '" + in
                        + "', which no earlier node, input or initializer defines");
            }
            inputs.add(v);
        }
        List<String> outputs = new ArrayList<>();
        for (String out : n.getOutputList()) {
            outputs.add(out.isEmpty() ? graph.freshValueName(name + "_unused") : out);
        }
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            attributes.put(a.getName(), attribute(a, name, n.getOpType()));
        }
        // Graft's fused kernels sit in the graph's standard domain (GraftDomain says why)
        String domain = n.getDomain().equals(GraftDomain.NAME) ? "" : n.getDomain();
        graph.addNode(name, domain, n.getOpType(), new Attributes(attributes), inputs, outputs);
    }

    private Attribute attribute(AttributeProto a, String node, String op) {
        String where = "attribute '" + a.getName() + "' of node '" + node + "' (" + op + ")";
        return switch (a.getType()) {
            case INT -> new Attribute.Int(a.getI());
            case FLOAT -> new Attribute.Float(a.getF());
            case STRING -> new Attribute.Str(a.getS().toStringUtf8());
            case INTS -> new Attribute.Ints(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            case FLOATS -> {
                float[] v = new float[a.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getFloats(i);
                }
                yield new Attribute.Floats(v);
            }
            case STRINGS -> new Attribute.Strs(a.getStringsList().stream().map(s -> s.toStringUtf8()).toList());
            case TENSOR -> new Attribute.TensorValue(OnnxTensors.decode(a.getT(), dir(), where(where)));
            default -> throw new UserError(where(where) + " is of kind " + a.getType()
                    + ", which Graft does not support (subgraphs and sparse tensors are not)");
        };
    }

    private TensorType type(ValueInfoProto v, String what) {
        TypeProto t = v.getType();
        if (!t.hasTensorType()) {
            throw new UserError(where(what + " '" + v.getName() + "'") + " is not a tensor (" + t.getValueCase() + ")");
        }
        TypeProto.Tensor tensor = t.getTensorType();
        var dtype = OnnxTypes.dtype(tensor.getElemType());
        if (!tensor.hasShape()) {
            throw new UserError(where(what + " '" + v.getName() + "'") + " has no shape");
        }
        List<Dim> dims = new ArrayList<>();
        for (TensorShapeProto.Dimension d : tensor.getShape().getDimList()) {
            dims.add(d.hasDimValue() ? Dim.of(d.getDimValue())
                    : d.hasDimParam() && !d.getDimParam().isEmpty() ? Dim.symbol(d.getDimParam()) : Dim.UNKNOWN);
        }
        return new TensorType(dtype, new Shape(dims));
    }

    private Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    private String where(String what) {
        return file + ": " + what;
    }
}
