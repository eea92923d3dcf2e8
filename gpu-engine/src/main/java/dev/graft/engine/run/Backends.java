package dev.graft.engine.run;

import dev.graft.engine.cli.UserError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds a {@link Backend} by name among those on the class path. */
public final class Backends {
    private Backends() {
    }

    public static Backend named(String name) {
        TreeSet<String> known = new TreeSet<>();
        for (Backend b : ServiceLoader.load(Backend.class)) {
            if (b.name().equals(name)) {
                return b;
            }
            known.add(b.name());
        }
        throw new UserError("unknown backend '" + name + "'; available: " + String.join(", ", known));
    }
}
