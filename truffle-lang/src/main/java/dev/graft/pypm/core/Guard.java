package dev.graft.pypm.core;

import java.util.List;
import java.util.Objects;

/**
 * A guard expression of CORE-SPEC section 4. Evaluation is total: any error (unbound
 * variable, missing attribute, type mismatch, index out of range, division by zero,
 * 64-bit overflow) makes the whole guard false. {@link #toString()} gives the wire form.
 */
public sealed interface Guard {

    record Bool(boolean value) implements Guard {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    record Int(long value) implements Guard {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Str(String value) implements Guard {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return WireWriter.quote(value);
        }
    }

    /** {@code [g, ...]}: every element is evaluated. */
    record ListOf(List<Guard> elements) implements Guard {
        public ListOf {
            elements = List.copyOf(elements);
        }

        @Override
        public String toString() {
            return WireWriter.form("list", elements);
        }
    }

    /** {@code x.op}: the op name of the term bound to x. */
    record OpOf(String var) implements Guard {
        public OpOf {
            Objects.requireNonNull(var, "var");
        }

        @Override
        public String toString() {
            return "(opof " + var + ")";
        }
    }

    /** {@code x.attr("name")}: an attribute of the term bound to x. */
    record AttrOf(String var, String name) implements Guard {
        public AttrOf {
            Objects.requireNonNull(var, "var");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "(attr " + var + " " + WireWriter.quote(name) + ")";
        }
    }

    /** {@code x.arity}: the number of children of the term bound to x. */
    record ArityOf(String var) implements Guard {
        public ArityOf {
            Objects.requireNonNull(var, "var");
        }

        @Override
        public String toString() {
            return "(arity " + var + ")";
        }
    }

    /** {@code ?F}: the op name bound to function variable F. */
    record FunName(String funVar) implements Guard {
        public FunName {
            Objects.requireNonNull(funVar, "funVar");
        }

        @Override
        public String toString() {
            return "(fname " + funVar + ")";
        }
    }

    record Len(Guard list) implements Guard {
        public Len {
            Objects.requireNonNull(list, "list");
        }

        @Override
        public String toString() {
            return "(len " + list + ")";
        }
    }

    /** {@code g[i]}: a negative index counts from the end. */
    record Index(Guard list, Guard index) implements Guard {
        public Index {
            Objects.requireNonNull(list, "list");
            Objects.requireNonNull(index, "index");
        }

        @Override
        public String toString() {
            return "(index " + list + " " + index + ")";
        }
    }

    record Binary(BinaryOp op, Guard left, Guard right) implements Guard {
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return "(" + op.symbol() + " " + left + " " + right + ")";
        }
    }

    /** Short-circuit: the right operand is evaluated only when the left is true. */
    record And(Guard left, Guard right) implements Guard {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return "(and " + left + " " + right + ")";
        }
    }

    /** Short-circuit: the right operand is evaluated only when the left is false. */
    record Or(Guard left, Guard right) implements Guard {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return "(or " + left + " " + right + ")";
        }
    }

    record Not(Guard operand) implements Guard {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public String toString() {
            return "(not " + operand + ")";
        }
    }
}
