package dev.graft.pypm.core;

import java.util.List;
import java.util.Objects;

/** The answer to a match: results in the order of CORE-SPEC section 5, fuel exhaustion, or an error. */
public sealed interface Answer {

    /** Matches in order, duplicates kept; an empty list means no match. */
    record Ok(List<Substitution> results) implements Answer {
        public Ok {
            results = List.copyOf(results);
        }

        @Override
        public String toString() {
            return WireWriter.answer(this);
        }
    }

    /** Some evaluated path needed a call with no fuel left. */
    record Exhausted() implements Answer {
        @Override
        public String toString() {
            return WireWriter.answer(this);
        }
    }

    /** A malformed or ill-formed request; the message says what and where. */
    record Error(String message) implements Answer {
        public Error {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return WireWriter.answer(this);
        }
    }
}
