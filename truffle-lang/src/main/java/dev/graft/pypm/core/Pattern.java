package dev.graft.pypm.core;

import java.util.List;
import java.util.Objects;

/**
 * A pattern of CORE-SPEC section 2. Term variables and function variables live in
 * separate name spaces. {@link #toString()} gives the wire form of section 8.
 */
public sealed interface Pattern {

    /** {@code _}: matches any term, binds nothing. */
    record Wildcard() implements Pattern {
        @Override
        public String toString() {
            return "_";
        }
    }

    /** {@code x}: binds x, or, if bound, matches only an equal term. */
    record Var(String name) implements Pattern {
        public Var {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return "(var " + name + ")";
        }
    }

    /** {@code f(p1..pn)}: op name f, arity n exactly; attributes are not looked at. */
    record OpPattern(String op, List<Pattern> args) implements Pattern {
        public OpPattern {
            Objects.requireNonNull(op, "op");
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return WireWriter.form("op " + op, args);
        }
    }

    /** {@code ?F(p1..pn)}: binds F to the op name (or checks it), arity n exactly. */
    record FunVar(String name, List<Pattern> args) implements Pattern {
        public FunVar {
            Objects.requireNonNull(name, "name");
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return WireWriter.form("fvar " + name, args);
        }
    }

    /** {@code p1 | p2}: the results of p1, then those of p2. */
    record Alt(Pattern left, Pattern right) implements Pattern {
        public Alt {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return "(alt " + left + " " + right + ")";
        }
    }

    /** {@code p1 & p2}: both match the same term, p2 under each result of p1. */
    record And(Pattern left, Pattern right) implements Pattern {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public String toString() {
            return "(and " + left + " " + right + ")";
        }
    }

    /** {@code p where g}: the results of p under which g evaluates to true. */
    record Guarded(Pattern pattern, Guard guard) implements Pattern {
        public Guarded {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(guard, "guard");
        }

        @Override
        public String toString() {
            return "(guard " + pattern + " " + guard + ")";
        }
    }

    /** {@code exists x. p}: x is local to p; results keep x as it was before. */
    record Exists(String var, Pattern body) implements Pattern {
        public Exists {
            Objects.requireNonNull(var, "var");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public String toString() {
            return "(exists " + var + " " + body + ")";
        }
    }

    /** {@code exists ?F. p}: function variable F is local to p. */
    record ExistsFun(String funVar, Pattern body) implements Pattern {
        public ExistsFun {
            Objects.requireNonNull(funVar, "funVar");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public String toString() {
            return "(existsf " + funVar + " " + body + ")";
        }
    }

    /** {@code P(p1..pk)}: call-by-name of a definition; each call spends one unit of fuel. */
    record Call(String definition, List<Pattern> args) implements Pattern {
        public Call {
            Objects.requireNonNull(definition, "definition");
            args = List.copyOf(args);
        }

        @Override
        public String toString() {
            return WireWriter.form("call " + definition, args);
        }
    }
}
