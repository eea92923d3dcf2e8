package dev.graft.engine.ops;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Shape;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills in the type of every node output, in topological order, from each op's
 * {@link Op#inferTypes}. Small computations on constants (shape arithmetic,
 * mostly) are folded on the way so that ops like Reshape see their target
 * shape. A type already on a value (from an ONNX file's value_info, say) is
 * merged with the inferred one: it may fill dimensions inference left unknown,
 * and a contradiction is an error naming the node.
 */
public final class TypeInference {
    /** Constants of at most this many elements are folded; larger ones are left to run time. */
    static final int FOLD_LIMIT = 1 << 16;

    private final OpRegistry registry;
    private final Map<Value, Tensor> constants = new IdentityHashMap<>();
    private final Map<Value, ShapeValue> shapes = new IdentityHashMap<>();

    private TypeInference(OpRegistry registry) {
        this.registry = registry;
    }

    /** Types every value of {@code g}; throws {@link UserError} naming the node at fault. */
    public static void run(Graph g) {
        run(g, OpRegistry.get());
    }

    public static void run(Graph g, OpRegistry registry) {
        TypeInference inference = new TypeInference(registry);
        for (Value init : g.initializers()) {
            inference.constants.put(init, init.constant());
        }
        for (Value in : g.inputs()) {
            if (in.type() == null) {
                throw new UserError("graph input '" + in.name() + "' has no type");
            }
        }
        for (Node n : g.topologicalOrder()) {
            inference.infer(n);
        }
    }

    private void infer(Node node) {
        Op op = registry.require(node);
        List<TensorType> inferred;
        try {
            inferred = op.inferTypes(new Context(node));
        } catch (NotStaticException e) {
            inferred = declared(node, e);
        } catch (OpException | IllegalArgumentException | ArithmeticException | UserError e) {
            throw new UserError(node.describe() + ": " + e.getMessage(), e);
        }
        if (inferred.size() < node.outputs().size()) {
            throw new UserError(node.describe() + ": has " + node.outputs().size() + " outputs, "
                    + op.name() + " gives " + inferred.size());
        }
        for (int i = 0; i < node.outputs().size(); i++) {
            Value out = node.output(i);
            out.setType(merge(node, out, inferred.get(i), out.type()));
        }
        fold(node, op);
        trace(node, op);
    }

    /** Keeps what is known of shape-carrying integer values: Shape's output and what is computed from it. */
    private void trace(Node node, Op op) {
        if (node.outputs().stream().allMatch(constants::containsKey)) {
            return;
        }
        if (node.op().equals("Shape") && node.domain().isEmpty()) {
            TensorType in = node.input(0).type();
            int rank = in.rank();
            int start = clampShapeBound(node.attributes().getInt("start", 0), rank);
            int end = clampShapeBound(node.attributes().getInt("end", rank), rank);
            ShapeValue v = ShapeValue.ofDims(in.shape().dims().subList(start, Math.max(start, end)));
            shapes.put(node.output(0), v);
            if (v.isConstant()) {
                constants.put(node.output(0), Tensor.ofLongs(new int[] {v.length()}, v.known()));
            }
            return;
        }
        List<ShapeValue> known = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) {
            known.add(shapeValue(node.input(i)));
        }
        List<ShapeValue> out = ShapeTracing.trace(node, op, known);
        if (out != null) {
            ShapeTracing.record(node, out, shapes);
        }
    }

    private static int clampShapeBound(long bound, int rank) {
        long b = bound < 0 ? bound + rank : bound;
        return (int) Math.max(0, Math.min(rank, b));
    }

    private ShapeValue shapeValue(Value v) {
        if (v == null) {
            return null;
        }
        Tensor t = constants.get(v);
        return t != null ? ShapeValue.ofConstant(t) : shapes.get(v);
    }

    /** The types the model declares for a node's outputs, when inference cannot know them before run time. */
    private static List<TensorType> declared(Node node, NotStaticException why) {
        List<TensorType> types = new ArrayList<>();
        for (Value out : node.outputs()) {
            if (out.type() == null) {
                throw new UserError(node.describe() + ": " + why.getMessage() + ", and the model declares no type for '"
                        + out.name() + "'", why);
            }
            types.add(out.type());
        }
        return types;
    }

    private void fold(Node node, Op op) {
        List<Tensor> inputs = new ArrayList<>();
        long elements = 0;
        for (Value in : node.inputs()) {
            Tensor t = in == null ? null : constants.get(in);
            if (in != null && t == null) {
                return;
            }
            elements += t == null ? 0 : t.size();
            inputs.add(t);
        }
        long outElements = 0;
        for (Value out : node.outputs()) {
            Shape s = out.type().shape();
            if (!s.isStatic()) {
                return;
            }
            outElements += Tensor.sizeOf(s.toInts());
        }
        if (elements > FOLD_LIMIT || outElements > FOLD_LIMIT) {
            return;
        }
        List<Tensor> outs;
        try {
            outs = op.execute(new ExecutionContext(node, inputs));
        } catch (OpException | IllegalArgumentException | ArithmeticException e) {
            throw new UserError(node.describe() + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < node.outputs().size(); i++) {
            constants.put(node.output(i), outs.get(i));
        }
    }

    private static TensorType merge(Node node, Value out, TensorType inferred, TensorType declared) {
        if (declared == null) {
            return inferred;
        }
        String where = node.describe() + ": output '" + out.name() + "'";
        if (declared.dtype() != inferred.dtype()) {
            throw new UserError(where + " is declared " + declared + " but computes " + inferred);
        }
        if (declared.rank() != inferred.rank()) {
            throw new UserError(where + " is declared " + declared + " but computes " + inferred);
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < inferred.rank(); i++) {
            Dim d = inferred.shape().dim(i);
            Dim e = declared.shape().dim(i);
            if (d.isKnown() && e.isKnown() && d.size() != e.size()) {
                throw new UserError(where + " is declared " + declared + " but computes " + inferred);
            }
            dims.add(d.isKnown() || e instanceof Dim.Unknown ? d : e);
        }
        return new TensorType(inferred.dtype(), new Shape(dims));
    }

    private final class Context implements InferenceContext {
        private final Node node;

        Context(Node node) {
            this.node = node;
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public TensorType inputType(int i) {
            Value v = node.input(i);
            if (v == null) {
                throw new OpException("input " + i + " is required");
            }
            if (v.type() == null) {
                throw new OpException("input '" + v.name() + "' has no type");
            }
            return v.type();
        }

        @Override
        public ShapeValue shapeValue(int i) {
            return TypeInference.this.shapeValue(node.input(i));
        }

        @Override
        public Tensor constant(int i) {
            Value v = node.input(i);
            return v == null ? null : constants.get(v);
        }
    }
}
