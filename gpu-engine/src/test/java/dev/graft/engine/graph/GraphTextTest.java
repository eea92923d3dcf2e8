package dev.graft.engine.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class GraphTextTest {

    private static Graph everyFeature() {
        Graph g = new Graph("every feature");
        Value x = g.addInput("/model/input ids", TensorType.of(DType.INT64, Dim.symbol("batch"), Dim.symbol("seq")));
        Value h = g.addInput("h", TensorType.of(DType.FLOAT32, Dim.of(2), Dim.UNKNOWN));
        float[] big = new float[40];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) Math.sin(i) * 1e-3f;
        }
        Value w = g.addInitializer("w", Tensor.ofFloats(new int[] {5, 8}, big));
        Value small = g.addInitializer("f32", Tensor.ofFloats(new int[] {3}, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY));
        Value mask = g.addInitializer("mask", Tensor.ofLongs(DType.BOOL, new int[] {2}, 1, 0));
        Attributes attrs = new Attributes(Map.of("perm", new Attribute.Ints(new long[] {0, -1}))
        ).with("alpha", new Attribute.Float(0.1f))
                .with("mode", new Attribute.Str("a \"quoted\"\nstring"))
                .with("empty", new Attribute.Ints(new long[0]))
                .with("scales", new Attribute.Floats(new float[] {1f, Float.POSITIVE_INFINITY}))
                .with("names", new Attribute.Strs(List.of("p", "q")))
                .with("value", new Attribute.TensorValue(Tensor.ofLongs(new int[] {2}, 4, -5)))
                .with("axis", new Attribute.Int(-1));
        Node n = g.addNode("n0", "graft", "Fancy", attrs, Arrays.asList(x, null, w, small, mask, h), List.of("a", "b"));
        n.output(0).setType(TensorType.of(DType.FLOAT32, Dim.symbol("batch"), Dim.symbol("seq + 1")));
        Node m = g.addNode("n1", "", "Add", Attributes.NONE, List.of(n.output(0), n.output(1)), List.of("sum"));
        g.addOutput(m.output(0));
        g.addOutput(n.output(1));
        return g;
    }

    @Test
    void writeThenReadGivesAnEqualGraph() {
        Graph g = everyFeature();
        String text = GraphTextWriter.write(g);
        Graph back = GraphTextReader.read(text, "test");
        assertEquals(g, back);
        assertEquals(text, GraphTextWriter.write(back));
    }

    @Test
    void theFormatIsReadable() {
        Graph g = new Graph("tiny");
        Value x = g.addInput("x", TensorType.of(DType.FLOAT32, Dim.symbol("batch"), Dim.of(2)));
        Value w = g.addInitializer("w", Tensor.ofFloats(new int[] {2, 2}, 1, 2, 3, 4));
        Node mm = g.addNode("mm0", "", "MatMul", Attributes.NONE, List.of(x, w), List.of("y"));
        mm.output(0).setType(TensorType.of(DType.FLOAT32, Dim.symbol("batch"), Dim.of(2)));
        g.addOutput(mm.output(0));
        assertEquals("""
                graph tiny
                input x : f32[batch,2]
                init w : f32[2,2] = {1.0, 2.0, 3.0, 4.0}
                node mm0 = MatMul(x, w) -> y : f32[batch,2]
                output y
                """, GraphTextWriter.write(g));
    }

    @Test
    void errorsGiveSourceLineAndColumn() {
        GraphException e = assertThrows(GraphException.class, () -> GraphTextReader.read("""
                graph g
                input x : f32[2]
                node n = Relu(y) -> z
                """, "g.graft"));
        assertEquals("g.graft:3:15: value 'y' is not defined before this use", e.getMessage());
        e = assertThrows(GraphException.class, () -> GraphTextReader.read("graph g\ninput x : f99[2]\n", "g.graft"));
        assertEquals("g.graft:2:11: expected a dtype (f32, i64, ...), found 'f99'", e.getMessage());
        e = assertThrows(GraphException.class,
                () -> GraphTextReader.read("graph g\ninit w : f32[3] = {1.0, 2.0}\n", "g.graft"));
        assertEquals("g.graft:2:10: tensor f32[3] needs 3 values, got 2", e.getMessage());
        e = assertThrows(GraphException.class, () -> GraphTextReader.read("graph g\ninput x : f32[2,-3]\n", "g.graft"));
        assertEquals("g.graft:2:17: a dimension cannot be negative, found -3", e.getMessage());
    }

    @Property(tries = 200)
    void tensorsAndAttributesRoundTripBitForBit(@ForAll("tensors") Tensor t, @ForAll long i, @ForAll float f) {
        Graph g = new Graph("p");
        Value c = g.addInitializer("c", t);
        Attributes attrs = Attributes.NONE.with("i", new Attribute.Int(i)).with("f", new Attribute.Float(f))
                .with("t", new Attribute.TensorValue(t));
        Node n = g.addNode("n", "", "Identity", attrs, List.of(c), List.of("o"));
        g.addOutput(n.output(0));
        assertEquals(g, GraphTextReader.read(GraphTextWriter.write(g), "p"));
    }

    @Provide
    Arbitrary<Tensor> tensors() {
        Arbitrary<int[]> shapes = Arbitraries.integers().between(0, 5).list().ofMaxSize(3)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        return shapes.flatMap(shape -> {
            int n = Tensor.sizeOf(shape);
            Arbitrary<Tensor> floats = Arbitraries.floats().list().ofSize(n).map(l -> {
                float[] v = new float[n];
                for (int k = 0; k < n; k++) {
                    v[k] = l.get(k);
                }
                return Tensor.ofFloats(shape, v);
            });
            Arbitrary<Tensor> longs = Arbitraries.longs().list().ofSize(n).map(l -> {
                List<Long> copy = new ArrayList<>(l);
                return Tensor.ofLongs(shape, copy.stream().mapToLong(Long::longValue).toArray());
            });
            return Arbitraries.oneOf(floats, longs);
        });
    }

    @Property(tries = 300, seed = "20261126")
    void damagedTextFailsOnlyWithAPositionedGraphError(@ForAll long seed) {
        Random r = new Random(seed);
        StringBuilder text = new StringBuilder(GraphTextWriter.write(everyFeature()));
        String alphabet = "{}[](),=:->\"_?#. \n0123456789abcfi";
        for (int k = 0; k < 1 + r.nextInt(4) && !text.isEmpty(); k++) {
            int at = r.nextInt(text.length());
            switch (r.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
                default -> text.setLength(at);
            }
        }
        try {
            GraphTextReader.read(text.toString(), "damaged.graft");
        } catch (GraphException e) {
            assertTrue(e.getMessage().startsWith("damaged.graft:"), e.getMessage());
        }
    }
}
