package dev.graft.pypm.core;

import java.util.List;
import java.util.Objects;

/** A named pattern definition {@code P(x1..xk) = body}; parameters are term variables. */
public record Definition(String name, List<String> params, Pattern body) {
    public Definition {
        Objects.requireNonNull(name, "name");
        params = List.copyOf(params);
        Objects.requireNonNull(body, "body");
    }

    @Override
    public String toString() {
        return "(def " + name + " (" + String.join(" ", params) + ") " + body + ")";
    }
}
