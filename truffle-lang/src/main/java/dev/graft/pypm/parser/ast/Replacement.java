package dev.graft.pypm.parser.ast;

import dev.graft.pypm.parser.Span;
import java.util.List;

/** The right of a rule's {@code =>}: new nodes built over the match's variables. */
public sealed interface Replacement {
    Span span();

    /** {@code Op(in1, ..., attr=expr, ...)}: a new node. */
    record NewNode(String op, List<Replacement> inputs, List<Keyword> attributes, Span span) implements Replacement {
        public NewNode {
            inputs = List.copyOf(inputs);
            attributes = List.copyOf(attributes);
        }
    }

    /** {@code x}: the value the match bound to x (absent when x is unbound in that match). */
    record Input(String name, Span span) implements Replacement {
    }

    /** {@code None}: an absent optional input. */
    record NoInput(Span span) implements Replacement {
    }
}
