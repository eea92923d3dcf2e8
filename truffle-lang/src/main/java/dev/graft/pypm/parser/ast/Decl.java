package dev.graft.pypm.parser.ast;

import dev.graft.pypm.parser.Span;
import java.util.List;

/** A top-level statement of a {@code .pypm} file. */
public sealed interface Decl {
    Span span();

    /**
     * {@code import a.b} (every definition of a/b.pypm) or {@code from a.b import P, Q}
     * ({@code names} non-null: only those).
     */
    record Import(List<String> module, List<Param> names, Span span) implements Decl {
        public Import {
            module = List.copyOf(module);
            names = names == null ? null : List.copyOf(names);
        }
    }

    /** {@code pattern P(x, y) = body} */
    record PatternDef(String name, List<Param> params, PatternExpr body, Span span) implements Decl {
        public PatternDef {
            params = List.copyOf(params);
        }
    }

    /** {@code rule name priority N: match p if cond => replacement}; {@code condition} may be null. */
    record RuleDef(String name, int priority, PatternExpr pattern, Expr condition, Replacement replacement, Span span)
            implements Decl {
    }

    /** A name with its place: a parameter, or a name listed in an import. */
    record Param(String name, Span span) {
    }
}
