package dev.graft.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.engine.cli.UserError;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tensors in JSON as the models' expected files hold them:
 * {@code {"dtype": "int64", "shape": [1, 8], "data": [...]}} with the data flat
 * in row-major order; a map of them by name is one set of inputs or outputs.
 */
public final class TensorJson {
    private TensorJson() {
    }

    /** Reads {@code {name: tensor, ...}}; {@code where} names the place in errors (file and key). */
    public static Map<String, Tensor> readAll(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new UserError(where + ": expected an object of tensors by name");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), read(e.getValue(), where + ": tensor '" + e.getKey() + "'"));
        }
        return out;
    }

    public static Tensor read(JsonNode node, String where) {
        JsonNode dtypeNode = node.get("dtype");
        JsonNode shapeNode = node.get("shape");
        JsonNode data = node.get("data");
        if (dtypeNode == null || shapeNode == null || data == null || !shapeNode.isArray() || !data.isArray()) {
            throw new UserError(where + " needs \"dtype\", \"shape\" (a list) and \"data\" (a flat list)");
        }
        DType dtype;
        try {
            dtype = DType.parse(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new UserError(where + ": unknown dtype '" + dtypeNode.asText() + "'");
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || d.asInt() < 0) {
                throw new UserError(where + ": bad dimension " + d + " in shape " + shapeNode);
            }
            shape[i] = d.asInt();
        }
        int n = Tensor.sizeOf(shape);
        if (data.size() != n) {
            throw new UserError(where + ": shape " + shapeNode + " needs " + n + " values, data has " + data.size());
        }
        if (dtype.isFloating()) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) number(data.get(i), where).asDouble();
            }
            return Tensor.ofFloats(dtype, shape, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            JsonNode x = data.get(i);
            v[i] = x.isBoolean() ? (x.asBoolean() ? 1 : 0) : integer(x, where);
        }
        return Tensor.ofLongs(dtype, shape, v);
    }

    private static JsonNode number(JsonNode x, String where) {
        if (!x.isNumber()) {
            throw new UserError(where + ": value " + x + " is not a number");
        }
        return x;
    }

    private static long integer(JsonNode x, String where) {
        if (!x.isIntegralNumber()) {
            throw new UserError(where + ": value " + x + " is not an integer");
        }
        return x.asLong();
    }

    /** The JSON form of a tensor. */
    public static ObjectNode write(Tensor t) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("dtype", t.dtype().name().toLowerCase(Locale.ROOT));
        var shape = o.putArray("shape");
        for (int d : t.shape()) {
            shape.add(d);
        }
        var data = o.putArray("data");
        for (int i = 0; i < t.size(); i++) {
            if (t.dtype().isFloating()) {
                data.add(t.floats()[i]);
            } else if (t.dtype() == DType.BOOL) {
                data.add(t.longs()[i] != 0);
            } else {
                data.add(t.longs()[i]);
            }
        }
        return o;
    }
}
