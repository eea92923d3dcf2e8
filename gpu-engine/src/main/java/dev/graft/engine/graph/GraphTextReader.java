package dev.graft.engine.graph;

import dev.graft.engine.graph.GraphLexer.Kind;
import dev.graft.engine.graph.GraphLexer.Token;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the text format of {@link GraphTextWriter}. Errors are
 * {@link GraphException}s of the form {@code source:line:column: message}.
 * Values must be defined before they are read; the writer emits nodes in
 * topological order, so a rewritten graph (new nodes appended) reads back.
 */
public final class GraphTextReader {
    private final List<Token> tokens;
    private final String source;
    private int pos;
    private Graph graph;

    private GraphTextReader(String text, String source) {
        this.tokens = GraphLexer.tokenize(text, source);
        this.source = source;
    }

    /** Parses {@code text}; {@code source} names it in error messages (a file name). */
    public static Graph read(String text, String source) {
        return new GraphTextReader(text, source).graph();
    }

    private Graph graph() {
        keyword("graph");
        graph = new Graph(name());
        while (peek().kind() != Kind.END) {
            Token t = peek();
            String what = t.kind() == Kind.NAME ? t.text() : "";
            switch (what) {
                case "input" -> {
                    next();
                    String n = name();
                    expect(":");
                    graph.addInput(n, type());
                }
                case "init" -> {
                    next();
                    String n = name();
                    expect(":");
                    graph.addInitializer(n, tensor());
                }
                case "node" -> node();
                case "output" -> {
                    next();
                    graph.addOutput(use(name(), t));
                }
                default -> throw error(t, "expected input, init, node or output, found '" + t.text() + "'");
            }
        }
        return graph;
    }

    private void node() {
        Token at = next();
        String nodeName = name();
        expect("=");
        String op = name();
        String domain = "";
        if (peek().is("::")) {
            next();
            domain = op;
            op = name();
        }
        expect("(");
        List<Value> inputs = separatedUntil(")", this::input);
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        if (peek().is("{")) {
            next();
            separatedUntil("}", () -> {
                String key = name();
                expect("=");
                attributes.put(key, attribute());
                return key;
            });
        }
        expect("->");
        List<String> outNames = new ArrayList<>();
        List<TensorType> outTypes = new ArrayList<>();
        do {
            if (!outNames.isEmpty()) {
                expect(",");
            }
            outNames.add(name());
            TensorType type = null;
            if (peek().is(":")) {
                next();
                type = type();
            }
            outTypes.add(type);
        } while (peek().is(","));
        try {
            Node n = graph.addNode(nodeName, domain, op, new Attributes(attributes), inputs, outNames);
            for (int i = 0; i < outTypes.size(); i++) {
                n.output(i).setType(outTypes.get(i));
            }
        } catch (GraphException e) {
            throw error(at, e.getMessage());
        }
    }

    /** A node input: a value defined earlier, or {@code _} for an absent optional input ({@code null}). */
    private Value input() {
        Token t = peek();
        if (t.kind() == Kind.NAME && t.text().equals("_")) {
            next();
            return null;
        }
        return use(name(), t);
    }

    private Attribute attribute() {
        Token t = peek();
        if (t.kind() == Kind.NUMBER) {
            next();
            return isFloat(t.text()) ? new Attribute.Float(parseFloat(t)) : new Attribute.Int(parseLong(t));
        }
        if (t.kind() == Kind.STRING) {
            next();
            return new Attribute.Str(t.text());
        }
        if (t.is("[")) {
            return list();
        }
        if (t.kind() == Kind.NAME) {
            switch (t.text()) {
                case "NaN", "Infinity" -> {
                    next();
                    return new Attribute.Float(Float.parseFloat(t.text()));
                }
                case "ints", "floats", "strings" -> {
                    next();
                    expect("[");
                    expect("]");
                    return switch (t.text()) {
                        case "ints" -> new Attribute.Ints(new long[0]);
                        case "floats" -> new Attribute.Floats(new float[0]);
                        default -> new Attribute.Strs(List.of());
                    };
                }
                default -> {
                    return new Attribute.TensorValue(tensor());
                }
            }
        }
        throw error(t, "expected an attribute value, found '" + t.text() + "'");
    }

    private Attribute list() {
        Token open = next();
        List<Token> items = separatedUntil("]", this::next);
        if (items.stream().allMatch(i -> i.kind() == Kind.STRING)) {
            return new Attribute.Strs(items.stream().map(Token::text).toList());
        }
        boolean floats = items.stream().anyMatch(i -> isFloat(i.text()) || i.kind() == Kind.NAME);
        if (floats) {
            return new Attribute.Floats(parseFloats(items));
        }
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (items.get(i).kind() != Kind.NUMBER) {
                throw error(open, "a list holds numbers or strings, not '" + items.get(i).text() + "'");
            }
            out[i] = parseLong(items.get(i));
        }
        return new Attribute.Ints(out);
    }

    private Tensor tensor() {
        Token at = peek();
        TensorType type = type();
        if (!type.shape().isStatic()) {
            throw error(at, "a constant tensor needs a static shape, got " + type);
        }
        int[] shape;
        int n;
        try {
            shape = type.shape().toInts();
            n = Tensor.sizeOf(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(at, "tensor " + type + " is too large");
        }
        expect("=");
        DType dtype = type.dtype();
        if (peek().kind() == Kind.NAME && peek().text().equals("base64")) {
            next();
            Token data = next();
            if (data.kind() != Kind.STRING) {
                throw error(data, "expected a base64 string");
            }
            ByteBuffer buf;
            try {
                buf = ByteBuffer.wrap(Base64.getDecoder().decode(data.text())).order(ByteOrder.LITTLE_ENDIAN);
            } catch (IllegalArgumentException e) {
                throw error(data, "bad base64 data: " + e.getMessage());
            }
            int width = dtype.isFloating() ? 4 : 8;
            if (buf.remaining() != n * width) {
                throw error(data, "base64 data holds " + buf.remaining() / width + " elements, " + type + " needs " + n);
            }
            if (dtype.isFloating()) {
                float[] values = new float[n];
                buf.asFloatBuffer().get(values);
                return Tensor.ofFloats(dtype, shape, values);
            }
            long[] values = new long[n];
            buf.asLongBuffer().get(values);
            return Tensor.ofLongs(dtype, shape, values);
        }
        expect("{");
        List<Token> items = separatedUntil("}", this::next);
        if (items.size() != n) {
            throw error(at, "tensor " + type + " needs " + n + " values, got " + items.size());
        }
        if (dtype.isFloating()) {
            return Tensor.ofFloats(dtype, shape, parseFloats(items));
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = parseLong(items.get(i));
        }
        return Tensor.ofLongs(dtype, shape, values);
    }

    private TensorType type() {
        Token t = next();
        DType dtype;
        try {
            dtype = DType.parse(t.text());
        } catch (IllegalArgumentException e) {
            throw error(t, "expected a dtype (f32, i64, ...), found '" + t.text() + "'");
        }
        expect("[");
        return new TensorType(dtype, new Shape(separatedUntil("]", this::dim)));
    }

    private Dim dim() {
        Token d = next();
        if (d.is("?")) {
            return Dim.UNKNOWN;
        }
        if (d.kind() == Kind.NUMBER) {
            long size = parseLong(d);
            if (size < 0) {
                throw error(d, "a dimension cannot be negative, found " + size);
            }
            return Dim.of(size);
        }
        if (d.kind() == Kind.NAME || d.kind() == Kind.STRING) {
            return Dim.symbol(d.text());
        }
        throw error(d, "expected a dimension, found '" + d.text() + "'");
    }

    /**
     * Items separated by commas up to and including {@code close}; the opening
     * bracket is already read. An item may be {@code null} (an absent input).
     */
    private <T> List<T> separatedUntil(String close, Supplier<T> item) {
        List<T> items = new ArrayList<>();
        while (!peek().is(close)) {
            if (!items.isEmpty()) {
                expect(",");
            }
            items.add(item.get());
        }
        expect(close);
        return items;
    }

    private Value use(String valueName, Token at) {
        Value v = graph.value(valueName);
        if (v == null) {
            throw error(at, "value '" + valueName + "' is not defined before this use");
        }
        return v;
    }

    private static boolean isFloat(String text) {
        return text.contains(".") || text.contains("e") || text.contains("E") || text.contains("Infinity")
                || text.equals("NaN");
    }

    private float parseFloat(Token t) {
        try {
            return Float.parseFloat(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "expected a number, found '" + t.text() + "'");
        }
    }

    private float[] parseFloats(List<Token> items) {
        float[] out = new float[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parseFloat(items.get(i));
        }
        return out;
    }

    private long parseLong(Token t) {
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw error(t, "expected an integer, found '" + t.text() + "'");
        }
    }

    private String name() {
        Token t = next();
        if (t.kind() != Kind.NAME && t.kind() != Kind.STRING) {
            throw error(t, "expected a name, found '" + t.text() + "'");
        }
        return t.text();
    }

    private void keyword(String word) {
        Token t = next();
        if (t.kind() != Kind.NAME || !t.text().equals(word)) {
            throw error(t, "expected '" + word + "', found '" + t.text() + "'");
        }
    }

    private void expect(String punct) {
        Token t = next();
        if (!t.is(punct)) {
            throw error(t, "expected '" + punct + "', found '" + t.text() + "'");
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private GraphException error(Token at, String message) {
        return new GraphException(source + ":" + at.where() + ": " + message);
    }
}
