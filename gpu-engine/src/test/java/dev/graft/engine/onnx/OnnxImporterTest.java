package dev.graft.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.cpu.CpuExecutor;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.graph.GraphTextWriter;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImporterTest {
    private static final Path MODELS = Path.of(System.getProperty("graft.repo", "..")).resolve("models");

    @TempDir
    Path dir;

    private static ValueInfoProto f32(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? TensorShapeProto.Dimension.newBuilder().setDimParam(s)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue((Integer) d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape))).build();
    }

    private static ModelProto.Builder model(GraphProto g) {
        return ModelProto.newBuilder().setIrVersion(10).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(18));
    }

    private static Tensor run(Graph g, Tensor x) {
        return new CpuExecutor(g).run(Map.of("x", x)).values().iterator().next();
    }

    @Test
    void localFunctionsAreInlinedWithTheirAttributes() {
        // scaled_add(X, Y; alpha) = X + alpha * Y, called with alpha = 3 and nested once.
        FunctionProto scaledAdd = FunctionProto.newBuilder().setDomain("pkg").setName("ScaledAdd")
                .addInput("X").addInput("Y").addOutput("Z").addAttribute("alpha")
                .addNode(NodeProto.newBuilder().setOpType("Constant").addOutput("a").addAttribute(AttributeProto.newBuilder()
                        .setName("value_float").setType(AttributeProto.AttributeType.FLOAT).setRefAttrName("alpha")))
                .addNode(NodeProto.newBuilder().setOpType("Mul").addInput("Y").addInput("a").addOutput("t"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("X").addInput("t").addOutput("Z"))
                .build();
        FunctionProto twice = FunctionProto.newBuilder().setDomain("pkg").setName("Twice")
                .addInput("X").addOutput("Y")
                .addNode(NodeProto.newBuilder().setName("inner").setDomain("pkg").setOpType("ScaledAdd").addInput("X")
                        .addInput("X").addOutput("Y").addAttribute(AttributeProto.newBuilder().setName("alpha")
                                .setType(AttributeProto.AttributeType.FLOAT).setF(1f)))
                .build();
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(f32("x", 2))
                .addNode(NodeProto.newBuilder().setName("call").setDomain("pkg").setOpType("ScaledAdd").addInput("x")
                        .addInput("x").addOutput("s").addAttribute(AttributeProto.newBuilder().setName("alpha")
                                .setType(AttributeProto.AttributeType.FLOAT).setF(3f)))
                .addNode(NodeProto.newBuilder().setName("call2").setDomain("pkg").setOpType("Twice").addInput("s").addOutput("y"))
                .addOutput(f32("y", 2)).build();
        byte[] bytes = model(g).addFunctions(scaledAdd).addFunctions(twice)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("pkg").setVersion(1)).build().toByteArray();
        Graph graph = OnnxImporter.fromBytes(bytes, Path.of("f.onnx"));
        assertTrue(graph.nodes().stream().allMatch(n -> n.domain().isEmpty()), graph.nodes().toString());
        // x + 3x = 4x, then doubled.
        assertArrayEquals(new float[] {8, -16}, run(graph, Tensor.ofFloats(new int[] {2}, 1, -2)).floats());
    }

    @Test
    void initializersInEveryEncoding() throws IOException {
        ByteBuffer halfs = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        halfs.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-2f));
        ByteBuffer external = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        external.putFloat(0).putFloat(0).putFloat(10).putFloat(20);
        Files.write(dir.resolve("weights.bin"), external.array());
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(f32("x", 2))
                .addInitializer(TensorProto.newBuilder().setName("typed").setDataType(1).addDims(2).addFloatData(1).addFloatData(2))
                .addInitializer(TensorProto.newBuilder().setName("half").setDataType(10).addDims(2)
                        .setRawData(ByteString.copyFrom(halfs.array())))
                .addInitializer(TensorProto.newBuilder().setName("ext").setDataType(1).addDims(2)
                        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
                        .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("8"))
                        .addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue("8")))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("typed").addOutput("a"))
                .addNode(NodeProto.newBuilder().setOpType("Cast").addInput("half").addOutput("h")
                        .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT).setI(1)))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("a").addInput("h").addOutput("b"))
                .addNode(NodeProto.newBuilder().setOpType("Add").addInput("b").addInput("ext").addOutput("y"))
                .addOutput(f32("y", 2)).build();
        Path file = dir.resolve("m.onnx");
        Files.write(file, model(g).build().toByteArray());
        Graph graph = OnnxImporter.load(file);
        assertEquals(DType.FLOAT16, graph.value("half").constant().dtype());
        // 1 + [1, 2] + [1.5, -2] + [10, 20]
        assertArrayEquals(new float[] {13.5f, 21}, run(graph, Tensor.ofFloats(new int[] {2}, 1, 1)).floats());
    }

    @Test
    void missingExternalDataIsBadInput() throws IOException {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInitializer(TensorProto.newBuilder().setName("w").setDataType(1).addDims(2)
                        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("gone.bin")))
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("w").addOutput("y"))
                .addOutput(f32("y", 2)).build();
        Path file = dir.resolve("m.onnx");
        Files.write(file, model(g).build().toByteArray());
        UserError e = assertThrows(UserError.class, () -> OnnxImporter.load(file));
        assertTrue(e.getMessage().contains("initializer 'w'") && e.getMessage().contains("gone.bin"), e.getMessage());
    }

    @Test
    void aNodeReadingAnUndefinedValueIsNamed() {
        GraphProto g = GraphProto.newBuilder().setName("g").addInput(f32("x", 2))
                .addNode(NodeProto.newBuilder().setName("n1").setOpType("Add").addInput("x").addInput("nowhere").addOutput("y"))
                .addOutput(f32("y", 2)).build();
        UserError e = assertThrows(UserError.class, () -> OnnxImporter.fromBytes(model(g).build().toByteArray(), Path.of("u.onnx")));
        assertEquals("u.onnx: node 'n1' (Add) reads 'nowhere', which no earlier node, input or initializer defines",
                e.getMessage());
    }

    @Test
    void symbolicInputsAndValueInfoCarryOver() {
        Graph g = OnnxImporter.load(MODELS.resolve("tiny-llama-gqa.dyn.onnx"));
        assertEquals(Dim.symbol("batch"), g.inputs().getFirst().type().shape().dim(0));
        assertEquals(Dim.symbol("seq"), g.outputs().getFirst().type().shape().dim(1));
        assertEquals(Dim.of(512), g.outputs().getFirst().type().shape().dim(2));
    }

    @Test
    void anImportedModelRoundTripsThroughTheTextFormat() {
        Graph g = OnnxImporter.load(MODELS.resolve("tiny-gpt2.dyn.onnx"));
        Graph back = GraphTextReader.read(GraphTextWriter.write(g), "gpt2.graft");
        assertEquals(g, back);
    }
}
