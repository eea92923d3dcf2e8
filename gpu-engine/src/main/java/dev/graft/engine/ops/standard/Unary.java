package dev.graft.engine.ops.standard;

import dev.graft.engine.cpu.Elementwise;
import dev.graft.engine.cpu.UnaryMath;
import dev.graft.engine.graph.Attributes;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.ops.ExecutionContext;
import dev.graft.engine.ops.InferenceContext;
import dev.graft.engine.ops.Op;
import dev.graft.engine.ops.OpException;
import dev.graft.engine.tensor.Tensor;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * An elementwise op of one input whose output has the input's type
 * ({@link UnaryOps} lists them). The function may depend on the node's
 * attributes (LeakyRelu's alpha, Gelu's approximation), so it is built per call
 * from them; floating values are computed in double and rounded once.
 */
final class Unary implements Op {
    private final String name;
    private final Function<Attributes, DoubleUnaryOperator> onFloats;
    private final LongUnaryOperator onLongs;
    /** The vectorized form of the floating function, or {@code null}. */
    private final UnaryMath vectorized;

    private Unary(String name, Function<Attributes, DoubleUnaryOperator> onFloats, LongUnaryOperator onLongs,
                  UnaryMath vectorized) {
        this.name = name;
        this.onFloats = onFloats;
        this.onLongs = onLongs;
        this.vectorized = vectorized;
    }

    /** @param onLongs the integer form, or {@code null} when the op is float-only */
    static Unary of(String name, DoubleUnaryOperator onFloats, LongUnaryOperator onLongs) {
        return new Unary(name, attributes -> onFloats, onLongs, null);
    }

    /** An op that models run often, whose floating form is a vectorized {@link UnaryMath}. */
    static Unary vectorized(String name, UnaryMath onFloats, LongUnaryOperator onLongs) {
        return new Unary(name, attributes -> onFloats::apply, onLongs, onFloats);
    }

    /** A float-only op whose function is built from the node's attributes. */
    static Unary configured(String name, Function<Attributes, DoubleUnaryOperator> onFloats) {
        return new Unary(name, onFloats, null, null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<TensorType> inferTypes(InferenceContext ctx) {
        if (ctx.inputCount() != 1) {
            throw new OpException(name + " takes one input, got " + ctx.inputCount());
        }
        TensorType t = ctx.inputType(0);
        if (!t.dtype().isFloating() && onLongs == null) {
            throw new OpException(name + " needs a floating input, got " + t.dtype());
        }
        return List.of(t);
    }

    @Override
    public List<Tensor> execute(ExecutionContext ctx) {
        Tensor x = ctx.required(0);
        if (x.dtype().isFloating()) {
            return List.of(vectorized != null ? vectorized.map(x) : Elementwise.map(x, onFloats.apply(ctx.attributes())));
        }
        if (onLongs == null) {
            throw new OpException(name + " needs a floating input, got " + x.dtype());
        }
        return List.of(Elementwise.mapLongs(x, onLongs, x.dtype()));
    }
}
