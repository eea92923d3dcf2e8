package dev.graft.engine.train;

import dev.graft.engine.graph.Attribute;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backward pass under construction, in which {@link GradientRule}s emit nodes. Its
 * inputs are the forward values that rules read (each imported under its own name on
 * first use) and the gradients flowing in; every shape is static, taken from the
 * forward run the pass is built for, so rules size their reductions, reshapes and
 * constants while building. Values the pass makes are named with a leading {@code ∇}
 * and gradient inputs with {@code ∂}, apart from any forward name.
 */
public final class BackwardGraph {
    private static final String MADE = "∇";

    private final Graph graph;
    private final StageValues forward;
    private final Map<String, Tensor> contentsRead = new LinkedHashMap<>();
    private final Set<String> imported = new LinkedHashSet<>();

    /** @param forward the values of the forward run: their shapes, and the integer contents rules read */
    BackwardGraph(String name, StageValues forward) {
        this.graph = new Graph(name);
        this.forward = forward;
    }

    /** The forward value {@code v} in this graph: an input (or its initializer) from the first use on. */
    public Value forward(Value v) {
        Value here = graph.value(v.name());
        if (here != null) {
            return here;
        }
        if (forward.has(v.name())) {
            imported.add(v.name());
            return graph.addInput(v.name(), new TensorType(forward.dtype(v.name()), Shape.of(forward.shape(v.name()))));
        }
        if (v.isInitializer()) {
            return graph.addInitializer(v.name(), v.constant());
        }
        throw new IllegalStateException("the backward pass reads '" + v.name() + "', which has no forward value");
    }

    /** The shape of forward value {@code v} in the run the pass is built for. */
    public int[] shape(Value v) {
        return forward.has(v.name()) ? forward.shape(v.name()) : v.constant().shape();
    }

    /**
     * The contents of an integer forward value (axes, bounds, sizes), read while building;
     * the pass is rebuilt for a run where any value read this way differs.
     */
    public Tensor contents(Value v) {
        Tensor read = forward.has(v.name()) ? forward.get(v.name()) : v.constant();
        contentsRead.put(v.name(), read);
        return read;
    }

    Map<String, Tensor> contentsRead() {
        return contentsRead;
    }

    /** The forward values that the pass's nodes read (imported ones no node reads left out). */
    Set<String> forwardRead() {
        Set<String> read = new LinkedHashSet<>();
        graph.nodes().forEach(n -> n.inputs().forEach(v -> {
            if (v != null && imported.contains(v.name())) {
                read.add(v.name());
            }
        }));
        return read;
    }

    /** An input carrying the gradient of forward value {@code name}, of shape {@code shape}. */
    Value gradientInput(String name, int[] shape) {
        return graph.addInput(BackwardPass.gradientInput(name), new TensorType(DType.FLOAT32, Shape.of(shape)));
    }

    /** An input carrying a gradient the other half of the pass computed, under its name there. */
    Value pendingInput(String name, int[] shape) {
        Value here = graph.value(name);
        return here != null ? here : graph.addInput(name, new TensorType(DType.FLOAT32, Shape.of(shape)));
    }

    /** The nodes that compute {@code outputs}, in order, the others dropped: what a runner runs. */
    List<Node> finish(Collection<String> outputs) {
        outputs.forEach(name -> graph.addOutput(graph.value(name)));
        graph.removeDeadNodes();
        return List.copyOf(graph.nodes());
    }

    /** A standard-domain node with one output. */
    public Value op(String op, Value... inputs) {
        return op("", op, Attributes.NONE, inputs);
    }

    public Value op(String op, Attributes attributes, Value... inputs) {
        return op("", op, attributes, inputs);
    }

    public Value op(String domain, String op, Attributes attributes, Value... inputs) {
        return graph.addNode(null, domain, op, attributes, Arrays.asList(inputs),
                List.of(graph.freshValueName(MADE + op))).output(0);
    }

    public Value constant(Tensor t) {
        return graph.addInitializer(graph.freshValueName(MADE + "c"), t);
    }

    public Value scalar(float f) {
        return constant(Tensor.scalar(f));
    }

    public Value longs(long... values) {
        return constant(Tensor.ofLongs(new int[] {values.length}, values));
    }

    public Value longs(int[] values) {
        return longs(Arrays.stream(values).asLongStream().toArray());
    }

    public Value zeros(int[] shape) {
        return constant(Tensor.zeros(DType.FLOAT32, shape));
    }

    public Value add(Value a, Value b) {
        return op("Add", a, b);
    }

    public Value mul(Value a, Value b) {
        return op("Mul", a, b);
    }

    public Value scale(Value v, float factor) {
        return factor == 1 ? v : mul(v, scalar(factor));
    }

    public Value reshape(Value v, int[] shape) {
        return op("Reshape", v, longs(shape));
    }

    /** Output axis i is input axis {@code perm[i]}. */
    public Value transpose(Value v, int... perm) {
        return op("Transpose", Attributes.NONE.with("perm",
                new Attribute.Ints(Arrays.stream(perm).asLongStream().toArray())), v);
    }

    /** Swaps the last two of {@code rank} axes. */
    public Value swapLast(Value v, int rank) {
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[rank - 2] = rank - 1;
        perm[rank - 1] = rank - 2;
        return transpose(v, perm);
    }

    /** {@code alpha · op(a) · op(b)} of two matrices, op a transpose where asked: one GEMM, no copies. */
    public Value gemm(Value a, Value b, boolean transA, boolean transB, float alpha) {
        return op("Gemm", Attributes.NONE.with("transA", new Attribute.Int(transA ? 1 : 0))
                .with("transB", new Attribute.Int(transB ? 1 : 0)).with("alpha", new Attribute.Float(alpha)), a, b);
    }

    public Value expand(Value v, int[] shape) {
        return op("Expand", v, longs(shape));
    }

    /** Sums over {@code axes}, keeping them as axes of size 1. */
    public Value reduceSum(Value v, int... axes) {
        return op("ReduceSum", Attributes.NONE.with("keepdims", new Attribute.Int(1)), v, longs(axes));
    }

    /**
     * The adjoint of numpy broadcasting: {@code g} of shape {@code from} summed over the
     * axes along which an operand of shape {@code to} was repeated, in {@code to}'s shape.
     */
    public Value sumTo(Value g, int[] from, int[] to) {
        if (Arrays.equals(from, to)) {
            return g;
        }
        int lead = from.length - to.length;
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < from.length; i++) {
            if (i < lead || (to[i - lead] == 1 && from[i] != 1)) {
                axes.add(i);
            }
        }
        Value summed = axes.isEmpty() ? g : reduceSum(g, axes.stream().mapToInt(Integer::intValue).toArray());
        return reshape(summed, to);
    }
}
