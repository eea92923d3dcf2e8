package dev.graft.pypm.parser.ast;

import dev.graft.pypm.parser.Span;
import java.util.List;

/**
 * An expression as written: a guard after {@code where}, a rule condition after
 * {@code if}, an attribute value. Guards lower to the core's guard language; the
 * rest is evaluated by the rule engine.
 */
public sealed interface Expr {
    Span span();

    record IntLit(long value, Span span) implements Expr {
    }

    record FloatLit(double value, Span span) implements Expr {
    }

    record StrLit(String value, Span span) implements Expr {
    }

    record BoolLit(boolean value, Span span) implements Expr {
    }

    record NoneLit(Span span) implements Expr {
    }

    record ListLit(List<Expr> elements, Span span) implements Expr {
        public ListLit {
            elements = List.copyOf(elements);
        }
    }

    /** A term variable. */
    record Name(String name, Span span) implements Expr {
    }

    /** {@code ?F}: the op name a function variable is bound to. */
    record FunName(String name, Span span) implements Expr {
    }

    /** {@code e.name}: {@code x.op}, {@code x.arity}, {@code x.shape}, or an attribute. */
    record Field(Expr target, String name, Span span) implements Expr {
    }

    /** {@code e[i]} */
    record Index(Expr target, Expr index, Span span) implements Expr {
    }

    /** {@code f(e, ...)}: a builtin such as {@code len} or {@code value}. */
    record Call(String function, List<Expr> args, Span span) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    record Not(Expr operand, Span span) implements Expr {
    }

    record Negate(Expr operand, Span span) implements Expr {
    }

    record Binary(BinaryOp op, Expr left, Expr right, Span span) implements Expr {
    }
}
