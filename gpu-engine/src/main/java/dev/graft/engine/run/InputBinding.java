package dev.graft.engine.run;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks concrete inputs against a graph's declared inputs and binds its
 * symbolic dimensions: every input present and no other, dtypes and ranks as
 * declared, known dimensions equal, and each symbol one size everywhere.
 */
public final class InputBinding {
    private InputBinding() {
    }

    /**
     * Returns the size bound to each symbol; throws {@link UserError} naming the
     * input (and the symbol) on any mismatch.
     */
    public static Map<String, Long> bind(Graph graph, Map<String, Tensor> inputs) {
        Map<String, Tensor> left = new LinkedHashMap<>(inputs);
        Map<String, Long> symbols = new TreeMap<>();
        Map<String, String> boundBy = new TreeMap<>();
        for (Value in : graph.inputs()) {
            Tensor t = left.remove(in.name());
            if (t == null) {
                throw new UserError("missing input '" + in.name() + "' (" + in.type() + ")");
            }
            TensorType type = in.type();
            if (t.dtype() != type.dtype()) {
                throw new UserError("input '" + in.name() + "' has dtype " + t.dtype() + ", the model expects " + type);
            }
            if (t.rank() != type.rank()) {
                throw new UserError("input '" + in.name() + "' has shape " + Arrays.toString(t.shape())
                        + ", the model expects " + type);
            }
            for (int i = 0; i < type.rank(); i++) {
                Dim d = type.shape().dim(i);
                long size = t.dim(i);
                String place = "input '" + in.name() + "' axis " + i;
                if (d.isKnown() && d.size() != size) {
                    throw new UserError(place + " has size " + size + ", the model expects " + type);
                }
                if (d instanceof Dim.Symbol s) {
                    Long before = symbols.putIfAbsent(s.name(), size);
                    if (before != null && before != size) {
                        throw new UserError("symbolic dimension '" + s.name() + "' is bound to " + before + " by "
                                + boundBy.get(s.name()) + " and to " + size + " by " + place);
                    }
                    boundBy.putIfAbsent(s.name(), place);
                }
            }
        }
        if (!left.isEmpty()) {
            throw new UserError("unexpected input '" + left.keySet().iterator().next() + "'; the model's inputs are "
                    + graph.inputs().stream().map(Value::name).toList());
        }
        return symbols;
    }
}
