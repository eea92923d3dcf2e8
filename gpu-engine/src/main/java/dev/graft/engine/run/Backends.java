package dev.graft.engine.run;

import dev.graft.engine.cli.UserError;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds a {@link Backend} by name among those on the class path. */
public final class Backends {
    private Backends() {
    }

    /** The backend {@code NAME} or, for {@code NAME:OPTION}, that backend with the option. */
    public static Backend named(String spec) {
        int colon = spec.indexOf(':');
        String name = colon < 0 ? spec : spec.substring(0, colon);
        TreeSet<String> known = new TreeSet<>();
        for (Backend b : ServiceLoader.load(Backend.class)) {
            if (b.name().equals(name)) {
                return colon < 0 ? b : b.withOption(spec.substring(colon + 1));
            }
            known.add(b.name());
        }
        throw new UserError("unknown backend '" + name + "'; available: " + String.join(", ", known));
    }
}
