package dev.graft.launcher;

import static dev.graft.launcher.GraftRun.graft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code graft run} and {@code graft show} through the launcher: exit code 0 on
 * success, 1 on a failed check, 2 with a one-line message and no stack trace on
 * every kind of bad input.
 */
class RunAndShowExitCodesTest {
    private static final Path MODELS = Path.of(System.getProperty("graft.repo", "..")).resolve("models");

    @TempDir
    Path dir;

    /** Exit 2, exactly one line on stderr, containing every fragment, and no stack trace. */
    private static void assertBadInput(GraftRun r, String... fragments) {
        assertEquals(2, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        for (String f : fragments) {
            assertTrue(lines[0].contains(f), "'" + f + "' not in: " + lines[0]);
        }
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private Path addGraph() throws IOException {
        return file("add.graft", """
                graph add
                input a : f32[n]
                input b : f32[n]
                node add0 = Add(a, b) -> c
                output c
                """);
    }

    private static String tensor(String dtype, String shape, String data) {
        return "{\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data\": " + data + "}";
    }

    @Test
    void aGoodRunExitsZeroAndPrintsTheOutputs() throws IOException {
        Path inputs = file("in.json", "{\"a\": " + tensor("float32", "[2]", "[1, 2]") + ", \"b\": "
                + tensor("float32", "[2]", "[10, 20]") + "}");
        GraftRun r = graft("run", addGraph().toString(), "--inputs", inputs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("c: f32[2]{11.0, 22.0}"), r.out());
    }

    @Test
    void theSharedModelPassesItsCheck() {
        GraftRun r = graft("run", MODELS.resolve("tiny-llama-gqa.onnx").toString(),
                "--check", MODELS.resolve("tiny-llama-gqa.expected.json").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("max_abs_diff="), r.out());
    }

    @Test
    void aCheckAboveToleranceExitsOne() throws IOException {
        Path expected = file("expected.json", "{\"inputs\": {\"a\": " + tensor("float32", "[2]", "[1, 2]") + ", \"b\": "
                + tensor("float32", "[2]", "[10, 20]") + "}, \"outputs\": {\"c\": " + tensor("float32", "[2]", "[11, 22.5]")
                + "}, \"tolerance\": {\"max_abs\": 0.1}}");
        GraftRun r = graft("run", addGraph().toString(), "--check", expected.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("max_abs_diff=0.5"), r.out());
    }

    @Test
    void aTruncatedOnnxFileIsBadInput() throws IOException {
        byte[] model = Files.readAllBytes(MODELS.resolve("tiny-gpt2.onnx"));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(model, model.length / 3));
        assertBadInput(graft("run", cut.toString()), "cut.onnx", "truncated");
    }

    @Test
    void aFileThatIsNotOnnxIsBadInput() throws IOException {
        assertBadInput(graft("show", file("notes.onnx", "just some text\n").toString()), "notes.onnx", "not an ONNX model");
    }

    @Test
    void aMissingFileIsBadInput() {
        assertBadInput(graft("show", dir.resolve("absent.onnx").toString()), "absent.onnx", "no such file");
    }

    @Test
    void anUnsupportedOpNamesTheOpAndTheNode() throws IOException {
        TypeProto f32 = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(1)
                .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(2)))).build();
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInput(ValueInfoProto.newBuilder().setName("x").setType(f32))
                .addNode(NodeProto.newBuilder().setName("frob0").setOpType("Frobnicate").addInput("x").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(f32))
                .build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(10).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(18)).build();
        Path p = dir.resolve("frob.onnx");
        Files.write(p, m.toByteArray());
        assertBadInput(graft("run", p.toString()), "unsupported op 'Frobnicate'", "node 'frob0'");
    }

    @Test
    void anOldOpsetIsBadInput() throws IOException {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInitializer(TensorProto.newBuilder().setName("c").setDataType(1).addFloatData(1f))
                .addNode(NodeProto.newBuilder().setOpType("Identity").addInput("c").addOutput("y"))
                .addOutput(ValueInfoProto.newBuilder().setName("y")).build();
        ModelProto m = ModelProto.newBuilder().setIrVersion(7).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(9)).build();
        Path p = dir.resolve("old.onnx");
        Files.write(p, m.toByteArray());
        assertBadInput(graft("show", p.toString()), "opset 9");
    }

    @Test
    void aMissingInputIsNamed() throws IOException {
        Path inputs = file("in.json", "{\"a\": " + tensor("float32", "[2]", "[1, 2]") + "}");
        assertBadInput(graft("run", addGraph().toString(), "--inputs", inputs.toString()), "missing input 'b'");
    }

    @Test
    void noInputsFileWhenTheModelNeedsInputsIsBadInput() throws IOException {
        assertBadInput(graft("run", addGraph().toString()), "--inputs");
    }

    @Test
    void anExtraInputIsNamed() throws IOException {
        Path inputs = file("in.json", "{\"a\": " + tensor("float32", "[2]", "[1, 2]") + ", \"b\": "
                + tensor("float32", "[2]", "[1, 2]") + ", \"z\": " + tensor("float32", "[1]", "[0]") + "}");
        assertBadInput(graft("run", addGraph().toString(), "--inputs", inputs.toString()), "unexpected input 'z'");
    }

    @Test
    void aWrongDtypeIsNamed() throws IOException {
        Path inputs = file("in.json", "{\"a\": " + tensor("int64", "[2]", "[1, 2]") + ", \"b\": "
                + tensor("float32", "[2]", "[1, 2]") + "}");
        assertBadInput(graft("run", addGraph().toString(), "--inputs", inputs.toString()), "input 'a'", "i64", "f32[n]");
    }

    @Test
    void aWrongShapeIsNamed() throws IOException {
        Path inputs = file("in.json", "{\"input_ids\": " + tensor("int64", "[1, 5]", "[1, 2, 3, 4, 5]") + "}");
        assertBadInput(graft("run", MODELS.resolve("tiny-gpt2.onnx").toString(), "--inputs", inputs.toString()),
                "input 'input_ids' axis 1 has size 5", "i64[1,8]");
        Path rank = file("rank.json", "{\"input_ids\": " + tensor("int64", "[8]", "[1, 2, 3, 4, 5, 6, 7, 8]") + "}");
        assertBadInput(graft("run", MODELS.resolve("tiny-gpt2.onnx").toString(), "--inputs", rank.toString()),
                "input 'input_ids' has shape [8]");
    }

    @Test
    void dataThatDoesNotFitItsShapeIsBadInput() throws IOException {
        Path inputs = file("in.json", "{\"a\": " + tensor("float32", "[3]", "[1, 2]") + "}");
        assertBadInput(graft("run", addGraph().toString(), "--inputs", inputs.toString()), "tensor 'a'", "needs 3 values");
    }

    @Test
    void aSymbolBoundTwoWaysIsNamed() throws IOException {
        Path inputs = file("in.json", "{\"a\": " + tensor("float32", "[2]", "[1, 2]") + ", \"b\": "
                + tensor("float32", "[3]", "[1, 2, 3]") + "}");
        assertBadInput(graft("run", addGraph().toString(), "--inputs", inputs.toString()),
                "symbolic dimension 'n'", "input 'a' axis 0", "input 'b' axis 0");
    }

    @Test
    void aShapeInferenceErrorNamesTheNode() throws IOException {
        Path model = file("mm.graft", """
                graph mm
                input a : f32[2,3]
                init w : f32[4,2] = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0}
                node "/layers.0/MatMul" = MatMul(a, w) -> c
                output c
                """);
        assertBadInput(graft("show", model.toString()), "node '/layers.0/MatMul' (MatMul)", "inner dimensions");
    }

    @Test
    void aTextFormatErrorGivesLineAndColumn() throws IOException {
        Path model = file("bad.graft", "graph g\ninput a : f32[2]\nnode n = Relu(b) -> c\noutput c\n");
        assertBadInput(graft("show", model.toString()), "bad.graft:3:15", "'b' is not defined");
    }

    @Test
    void anUnknownBackendIsBadInput() throws IOException {
        assertBadInput(graft("run", addGraph().toString(), "--backend", "tpu"), "unknown backend 'tpu'", "cpu");
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        GraftRun r = graft("show", file("notes.onnx", "text").toString(), "--verbose");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void showPrintsTheSummaryAndWritesDot() {
        Path dot = dir.resolve("g.dot");
        GraftRun r = graft("show", MODELS.resolve("tiny-gpt2.onnx").toString(), "--dot", dot.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("input_ids: i64[1,8]"), r.out());
        assertTrue(r.out().contains("Gemm"), r.out());
        assertTrue(r.out().contains("parameters: "), r.out());
        assertTrue(Files.exists(dot));
    }

    @Test
    void malformedJsonIsBadInput() throws IOException {
        Path inputs = file("in.json", "{\"a\": {\"dtype\": ");
        assertBadInput(graft("run", addGraph().toString(), "--inputs", inputs.toString()), "in.json", "cannot read JSON");
    }

    @Test
    void aReferenceOutputTheModelDoesNotHaveIsBadInput() throws IOException {
        Path expected = file("expected.json", "{\"inputs\": {\"a\": " + tensor("float32", "[1]", "[1]") + ", \"b\": "
                + tensor("float32", "[1]", "[2]") + "}, \"outputs\": {\"logits\": " + tensor("float32", "[1]", "[3]")
                + "}, \"tolerance\": {\"max_abs\": 0.1}}");
        assertBadInput(graft("run", addGraph().toString(), "--check", expected.toString()),
                "expected output 'logits' is not an output of the model", "[c]");
    }
}
