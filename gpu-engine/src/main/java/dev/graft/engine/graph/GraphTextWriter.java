package dev.graft.engine.graph;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a graph in Graft's text format; {@link GraphTextReader} reads it back to
 * an equal graph. One declaration per line:
 *
 * <pre>
 * graph tiny
 * input x : f32[batch,seq,64]
 * init w : f32[2,2] = {1.0, 2.0, 3.0, 4.0}
 * init big : f32[64,64] = base64 "AAAA..."
 * node mm0 = MatMul(x, w) {transB = 1, perm = [0, 2, 1]} -> y : f32[batch,seq,2]
 * node sp0 = Split(y, _) {axis = 1} -> a, b
 * output y
 * </pre>
 *
 * Names that are not plain identifiers are quoted; {@code _} is an absent optional
 * input; a dimension is a size, a symbol or {@code ?}; an op outside the standard
 * domain is written {@code domain::Op}. Tensors of more than
 * {@value #INLINE_LIMIT} elements are written as base64 of their little-endian
 * float32 (floating dtypes) or int64 values, so floats survive bit for bit.
 */
public final class GraphTextWriter {
    static final int INLINE_LIMIT = 16;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private GraphTextWriter() {
    }

    public static String write(Graph g) {
        StringBuilder sb = new StringBuilder();
        sb.append("graph ").append(name(g.name())).append('\n');
        for (Value in : g.inputs()) {
            sb.append("input ").append(name(in.name())).append(" : ").append(type(in.type())).append('\n');
        }
        for (Value init : g.initializers()) {
            sb.append("init ").append(name(init.name())).append(" : ");
            tensor(sb, init.constant());
            sb.append('\n');
        }
        for (Node n : g.topologicalOrder()) {
            node(sb, n);
        }
        for (Value out : g.outputs()) {
            sb.append("output ").append(name(out.name())).append('\n');
        }
        return sb.toString();
    }

    private static void node(StringBuilder sb, Node n) {
        sb.append("node ").append(name(n.name())).append(" = ");
        if (!n.domain().isEmpty()) {
            sb.append(name(n.domain())).append("::");
        }
        sb.append(name(n.op())).append('(');
        for (int i = 0; i < n.inputs().size(); i++) {
            Value in = n.input(i);
            sb.append(i == 0 ? "" : ", ").append(in == null ? "_" : name(in.name()));
        }
        sb.append(')');
        if (!n.attributes().names().isEmpty()) {
            sb.append(" {");
            Iterator<Map.Entry<String, Attribute>> it = n.attributes().asMap().entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, Attribute> e = it.next();
                sb.append(name(e.getKey())).append(" = ");
                attribute(sb, e.getValue());
                sb.append(it.hasNext() ? ", " : "");
            }
            sb.append('}');
        }
        sb.append(" ->");
        for (int i = 0; i < n.outputs().size(); i++) {
            Value out = n.output(i);
            sb.append(i == 0 ? " " : ", ").append(name(out.name()));
            if (out.type() != null) {
                sb.append(" : ").append(type(out.type()));
            }
        }
        sb.append('\n');
    }

    private static void attribute(StringBuilder sb, Attribute a) {
        switch (a) {
            case Attribute.Int i -> sb.append(i.value());
            case Attribute.Float f -> sb.append(floatText(f.value()));
            case Attribute.Str s -> sb.append(quote(s.value()));
            case Attribute.TensorValue t -> tensor(sb, t.value());
            case Attribute.Ints is -> {
                sb.append(is.values().length == 0 ? "ints[" : "[");
                for (int i = 0; i < is.values().length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(is.values()[i]);
                }
                sb.append(']');
            }
            case Attribute.Floats fs -> {
                sb.append(fs.values().length == 0 ? "floats[" : "[");
                for (int i = 0; i < fs.values().length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(floatText(fs.values()[i]));
                }
                sb.append(']');
            }
            case Attribute.Strs ss -> {
                sb.append(ss.values().isEmpty() ? "strings[" : "[");
                for (int i = 0; i < ss.values().size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(quote(ss.values().get(i)));
                }
                sb.append(']');
            }
        }
    }

    private static void tensor(StringBuilder sb, Tensor t) {
        sb.append(type(new TensorType(t.dtype(), Shape.of(t.shape())))).append(" = ");
        if (t.size() > INLINE_LIMIT) {
            sb.append("base64 \"").append(Base64.getEncoder().encodeToString(bytes(t))).append('"');
            return;
        }
        sb.append('{');
        for (int i = 0; i < t.size(); i++) {
            sb.append(i == 0 ? "" : ", ");
            sb.append(t.dtype().isFloating() ? floatText(t.floats()[i]) : Long.toString(t.longs()[i]));
        }
        sb.append('}');
    }

    /** The little-endian bytes the base64 form carries: float32 for floating dtypes, int64 otherwise. */
    static byte[] bytes(Tensor t) {
        boolean floating = t.dtype().isFloating();
        ByteBuffer buf = ByteBuffer.allocate(t.size() * (floating ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        if (floating) {
            buf.asFloatBuffer().put(t.floats());
        } else {
            buf.asLongBuffer().put(t.longs());
        }
        return buf.array();
    }

    static String type(TensorType t) {
        StringBuilder sb = new StringBuilder(t.dtype().shortName()).append('[');
        for (int i = 0; i < t.rank(); i++) {
            Dim d = t.shape().dim(i);
            sb.append(i == 0 ? "" : ",").append(d instanceof Dim.Symbol s ? name(s.name()) : d.toString());
        }
        return sb.append(']').toString();
    }

    /** A float that reads back to the same bits; always has a '.', an exponent or is a special name. */
    private static String floatText(float f) {
        return Float.toString(f);
    }

    static String name(String n) {
        boolean reserved = n.equals("_") || isDTypeName(n);
        return PLAIN.matcher(n).matches() && !reserved ? n : quote(n);
    }

    private static boolean isDTypeName(String n) {
        for (DType t : DType.values()) {
            if (t.shortName().equals(n)) {
                return true;
            }
        }
        return n.equals("base64") || n.equals("ints") || n.equals("floats") || n.equals("strings")
                || n.equals("NaN") || n.equals("Infinity");
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
