package dev.graft.engine.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.GraphTextReader;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.onnx.OnnxImporter;
import dev.graft.engine.tensor.DType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TypeInferenceTest {

    private static Graph typed(String text) {
        Graph g = GraphTextReader.read(text, "t.graft");
        TypeInference.run(g);
        return g;
    }

    @Test
    void constantShapeArithmeticIsFoldedSoReshapeKnowsItsTarget() {
        Graph g = typed("""
                graph g
                input x : f32[2,3,4]
                init two : i64[1] = {2}
                node s = Shape(x) {start = 1} -> dims
                node p = ReduceProd(dims) {keepdims = 1} -> prod
                node c = Concat(two, prod) {axis = 0} -> target
                node r = Reshape(x, target) -> y
                output y
                """);
        assertEquals(TensorType.of(DType.FLOAT32, 2, 12), g.value("y").type());
    }

    @Test
    void whatInferenceCannotKnowIsTakenFromTheDeclaredType() {
        Graph g = typed("""
                graph g
                input x : f32[6]
                input shape : i64[?]
                node r = Reshape(x, shape) -> y : f32[2,3]
                output y
                """);
        assertEquals(TensorType.of(DType.FLOAT32, 2, 3), g.value("y").type());
    }

    @Test
    void withoutADeclaredTypeTheNodeIsNamed() {
        UserError e = assertThrows(UserError.class, () -> typed("""
                graph g
                input x : f32[6]
                input shape : i64[?]
                node r = Reshape(x, shape) -> y
                output y
                """));
        assertEquals("node 'r' (Reshape): the target shape's length must be known statically, and the model declares "
                + "no type for 'y'", e.getMessage());
    }

    @Test
    void aDeclaredTypeThatContradictsInferenceIsAnError() {
        UserError e = assertThrows(UserError.class, () -> typed("""
                graph g
                input x : f32[2,3]
                node t = Transpose(x) -> y : f32[2,3]
                output y
                """));
        assertEquals("node 't' (Transpose): output 'y' is declared f32[2,3] but computes f32[3,2]", e.getMessage());
    }

    @Test
    void symbolicDimensionsFlowThroughShapeArithmetic() {
        Graph g = typed("""
                graph g
                input x : f32[batch,seq,64]
                init zero : i64[] = {0}
                init one : i64[] = {1}
                init axes : i64[1] = {0}
                init tail : i64[2] = {4, -1}
                node s = Shape(x) -> dims
                node b = Gather(dims, zero) -> batch
                node q = Gather(dims, one) -> seq
                node ub = Unsqueeze(batch, axes) -> batch1
                node uq = Unsqueeze(seq, axes) -> seq1
                node c = Concat(batch1, seq1, tail) {axis = 0} -> target
                node r = Reshape(x, target) -> heads
                node e = Expand(one, dims) -> ones
                node p = Add(seq1, one) -> longer
                node k = ConstantOfShape(longer) -> zeros
                output heads
                output ones
                output zeros
                """);
        assertEquals("f32[batch,seq,4,16]", g.value("heads").type().toString());
        assertEquals("i64[batch,seq,64]", g.value("ones").type().toString());
        assertEquals("f32[?]", g.value("zeros").type().toString());
    }

    @Test
    void theDynamicLlamaTypesItselfWithoutTheExportersValueInfo() {
        Path models = Path.of(System.getProperty("graft.repo", "..")).resolve("models");
        Graph g = OnnxImporter.load(models.resolve("tiny-llama-gqa.dyn.onnx"));
        for (Node n : g.nodes()) {
            n.outputs().forEach(v -> v.setType(null));
        }
        TypeInference.run(g);
        assertEquals("f32[batch,seq,512]", g.outputs().getFirst().type().toString());
        long symbolicMatMuls = g.nodes().stream().filter(n -> n.op().equals("MatMul"))
                .filter(n -> n.output(0).type().shape().dims().stream().noneMatch(d -> d instanceof Dim.Unknown)).count();
        assertEquals(20, symbolicMatMuls);
    }
}
