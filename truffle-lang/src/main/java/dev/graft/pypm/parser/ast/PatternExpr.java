package dev.graft.pypm.parser.ast;

import dev.graft.pypm.parser.Span;
import java.util.List;

/**
 * A pattern as written. {@link Apply} stands for both an operator pattern and a call
 * of a named definition: which one is decided when names are resolved.
 */
public sealed interface PatternExpr {
    Span span();

    /** {@code _} */
    record Wildcard(Span span) implements PatternExpr {
    }

    /** {@code x}: a term variable. */
    record Var(String name, Span span) implements PatternExpr {
    }

    /** {@code Name(p1, ..., pn, attr=expr, ...)}: an operator pattern or a definition call. */
    record Apply(String name, List<PatternExpr> args, List<Keyword> attributes, Span span) implements PatternExpr {
        public Apply {
            args = List.copyOf(args);
            attributes = List.copyOf(attributes);
        }
    }

    /** {@code ?F(p1, ..., pn, attr=expr, ...)}: a function-variable pattern. */
    record FunVar(String name, List<PatternExpr> args, List<Keyword> attributes, Span span) implements PatternExpr {
        public FunVar {
            args = List.copyOf(args);
            attributes = List.copyOf(attributes);
        }
    }

    /** {@code p1 | p2} */
    record Alt(PatternExpr left, PatternExpr right, Span span) implements PatternExpr {
    }

    /** {@code p1 & p2} */
    record Both(PatternExpr left, PatternExpr right, Span span) implements PatternExpr {
    }

    /** {@code p where g} */
    record Where(PatternExpr pattern, Expr guard, Span span) implements PatternExpr {
    }

    /** {@code p as x}: binds x to the term p matches. */
    record As(PatternExpr pattern, String name, Span span) implements PatternExpr {
    }

    /** {@code exists x, ?F: p}: local variables of p. */
    record Exists(List<LocalName> names, PatternExpr body, Span span) implements PatternExpr {
        public Exists {
            names = List.copyOf(names);
        }
    }

    /** A name bound by {@code exists}; {@code function} for {@code ?F}. */
    record LocalName(String name, boolean function, Span span) {
    }
}
