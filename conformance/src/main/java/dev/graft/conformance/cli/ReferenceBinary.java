package dev.graft.conformance.cli;

import dev.graft.engine.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the extracted reference matcher lives: {@code extracted/pypm-ref} under
 * the Graft home that {@code ./graft} exports as {@code GRAFT_HOME}, else under
 * the repository named by the {@code graft.repo} property (tests), else under the
 * working directory.
 */
public final class ReferenceBinary {
    static final String RELATIVE = "extracted/pypm-ref";

    private ReferenceBinary() {
    }

    public static Path locate() {
        return locate(System.getenv(), System.getProperty("graft.repo"));
    }

    static Path locate(Map<String, String> environment, String repoProperty) {
        String home = environment.get("GRAFT_HOME");
        Path root = Path.of(home != null ? home : repoProperty != null ? repoProperty : "");
        Path binary = root.resolve(RELATIVE).toAbsolutePath();
        if (!Files.isExecutable(binary)) {
            throw new UserError("pypm-ref is not built: no executable " + binary + "; run `make build` first");
        }
        return binary;
    }
}
