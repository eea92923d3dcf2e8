package dev.graft.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class BroadcastingProperties {

    /** Two shapes made compatible: a common shape, each side dropping leading axes and setting some to 1. */
    @Provide
    Arbitrary<Tuple.Tuple2<int[], int[]>> compatible() {
        Arbitrary<int[]> full = Arbitraries.integers().between(1, 4).array(int[].class).ofMinSize(0).ofMaxSize(4);
        return full.flatMap(shape -> Combinators.combine(derived(shape), derived(shape)).as(Tuple::of));
    }

    private static Arbitrary<int[]> derived(int[] shape) {
        return Combinators.combine(Arbitraries.integers().between(0, shape.length),
                Arbitraries.integers().between(0, 15)).as((drop, ones) -> {
            int[] out = new int[shape.length - drop];
            for (int i = 0; i < out.length; i++) {
                out[i] = (ones >> (i % 4) & 1) == 1 ? 1 : shape[i + drop];
            }
            return out;
        });
    }

    @Property(tries = 300)
    void concreteBroadcastIsCommutativeAndCoversBoth(@ForAll("compatible") Tuple.Tuple2<int[], int[]> p) {
        int[] ab = Broadcasting.shape(p.get1(), p.get2());
        assertArrayEquals(ab, Broadcasting.shape(p.get2(), p.get1()));
        assertEquals(Math.max(p.get1().length, p.get2().length), ab.length);
        for (int[] side : List.of(p.get1(), p.get2())) {
            for (int i = 0; i < side.length; i++) {
                int d = side[side.length - 1 - i];
                int r = ab[ab.length - 1 - i];
                assertTrue(d == r || d == 1, "dimension " + d + " against " + r);
            }
        }
    }

    @Property(tries = 300)
    void staticBroadcastAgreesWithConcrete(@ForAll("compatible") Tuple.Tuple2<int[], int[]> p) {
        assertEquals(Shape.of(Broadcasting.shape(p.get1(), p.get2())),
                Broadcasting.shape(Shape.of(p.get1()), Shape.of(p.get2())));
    }

    @Property(tries = 300)
    void symbolsNeverContradictTheConcreteResult(@ForAll("compatible") Tuple.Tuple2<int[], int[]> p,
                                                 @ForAll int seed) {
        // Replace some dimensions by symbols named after their size: the static result must be
        // the concrete size, that size's symbol, or unknown, axis by axis.
        Shape a = symbolize(p.get1(), seed);
        Shape b = symbolize(p.get2(), seed >>> 8);
        int[] concrete = Broadcasting.shape(p.get1(), p.get2());
        Shape result = Broadcasting.shape(a, b);
        assertEquals(concrete.length, result.rank());
        for (int i = 0; i < concrete.length; i++) {
            Dim d = result.dim(i);
            boolean ok = d.is(concrete[i]) || d instanceof Dim.Unknown
                    || d instanceof Dim.Symbol s && s.name().equals("d" + concrete[i]);
            assertTrue(ok, result + " against " + Arrays.toString(concrete));
        }
    }

    private static Shape symbolize(int[] shape, int bits) {
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            boolean symbol = (bits >> i & 1) == 1 && shape[i] != 1;
            dims.add(symbol ? Dim.symbol("d" + shape[i]) : Dim.of(shape[i]));
        }
        return new Shape(dims);
    }

    @Property(tries = 200)
    void elementwiseAddReadsTheBroadcastElement(@ForAll("compatible") Tuple.Tuple2<int[], int[]> p) {
        Tensor a = iota(p.get1(), 1);
        Tensor b = iota(p.get2(), 1000);
        Tensor sum = Elementwise.floats(a, b, Float::sum);
        int[] out = sum.shape();
        int[] index = new int[out.length];
        for (int flat = 0; flat < sum.size(); flat++) {
            int rest = flat;
            for (int d = out.length - 1; d >= 0; d--) {
                index[d] = rest % out[d];
                rest /= out[d];
            }
            assertEquals(at(a, index) + at(b, index), sum.floats()[flat]);
        }
    }

    @Property(tries = 100)
    void incompatibleShapesAreRejected(@ForAll("compatible") Tuple.Tuple2<int[], int[]> p) {
        int[] a = p.get1();
        if (a.length == 0) {
            return;
        }
        int[] bad = Arrays.copyOf(a, a.length);
        int last = a[a.length - 1];
        bad[bad.length - 1] = last == 1 ? 2 : last + 1;
        int[] b = last == 1 ? new int[] {3} : new int[] {last};
        int[] c = Arrays.copyOf(bad, bad.length);
        c[c.length - 1] = b[0] == bad[bad.length - 1] ? b[0] + 1 : bad[bad.length - 1];
        if (c[c.length - 1] != 1 && b[0] != 1 && c[c.length - 1] != b[0]) {
            assertThrows(OpException.class, () -> Broadcasting.shape(c, b));
        }
    }

    private static Tensor iota(int[] shape, int base) {
        float[] v = new float[Tensor.sizeOf(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = base + i;
        }
        return Tensor.ofFloats(shape, v);
    }

    /** The element of {@code t} that broadcasting reads at output index {@code index}. */
    private static float at(Tensor t, int[] index) {
        int[] s = t.shape();
        int flat = 0;
        for (int d = 0; d < s.length; d++) {
            int i = index[index.length - s.length + d];
            flat = flat * s[d] + (s[d] == 1 ? 0 : i);
        }
        return t.floats()[flat];
    }
}
