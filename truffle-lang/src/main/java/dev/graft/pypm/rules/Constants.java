package dev.graft.pypm.rules;

import dev.graft.engine.graph.Node;
import dev.graft.engine.graph.Value;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpRegistry;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code value(x)} reads: the constant a graph value holds, when it is an
 * initializer or computed by ops from constants only (folded on the CPU, as the
 * exporter's own folding would have). Only small constants are read as lists (at most
 * {@link #LIST_LIMIT} elements).
 */
final class Constants {
    static final int LIST_LIMIT = 4096;
    /** Folding looks this many producers deep at most; constant chains are short. */
    private static final int DEPTH_LIMIT = 16;

    private final OpRegistry registry;
    private final Map<Value, Tensor> folded = new IdentityHashMap<>();

    Constants(OpRegistry registry) {
        this.registry = registry;
    }

    /** A rank-0 constant as a number, any other as a flat list. */
    Object valueOf(Value v) {
        Tensor t = require(v);
        if (t.rank() == 0) {
            return element(t, 0);
        }
        if (t.size() > LIST_LIMIT) {
            throw new NotApplicable("constant '" + v.name() + "' has " + t.size() + " elements, too many to read");
        }
        List<Object> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(element(t, i));
        }
        return out;
    }

    /** The single element of a one-element constant of any rank. */
    Object scalarOf(Value v) {
        Tensor t = require(v);
        if (t.size() != 1) {
            throw new NotApplicable("constant '" + v.name() + "' has " + t.size() + " elements, not one");
        }
        return element(t, 0);
    }

    /** The constant tensor v holds. */
    Tensor require(Value v) {
        Tensor t = tensor(v, 0);
        if (t == null) {
            throw new NotApplicable("value '" + v.name() + "' is not a constant");
        }
        return t;
    }

    private static Object element(Tensor t, int i) {
        return t.dtype().isFloating() ? (Object) t.getDouble(i) : (Object) t.getLong(i);
    }

    /** Forgets folded results; the graph changed. */
    void clear() {
        folded.clear();
    }

    private Tensor tensor(Value v, int depth) {
        if (v.isInitializer()) {
            return v.constant();
        }
        Node producer = v.producer();
        if (producer == null || depth > DEPTH_LIMIT) {
            return null;
        }
        Tensor known = folded.get(v);
        if (known != null) {
            return known;
        }
        Op op = registry.find(producer.domain(), producer.op());
        if (op == null) {
            return null;
        }
        List<Tensor> inputs = new ArrayList<>();
        for (Value in : producer.inputs()) {
            Tensor t = in == null ? null : tensor(in, depth + 1);
            if (in != null && (t == null || t.size() > LIST_LIMIT)) {
                return null;
            }
            inputs.add(t);
        }
        List<Tensor> outs;
        try {
            outs = op.execute(new ExecutionContext(producer, inputs));
        } catch (RuntimeException e) {
            return null;
        }
        for (int i = 0; i < producer.outputs().size() && i < outs.size(); i++) {
            folded.put(producer.output(i), outs.get(i));
        }
        return folded.get(v);
    }
}
