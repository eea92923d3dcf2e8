package dev.graft.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceBinaryTest {
    @TempDir
    Path home;

    @Test
    void aMissingBinaryIsOneLineSayingWhereAndWhatToDo() {
        UserError e = assertThrows(UserError.class, () -> ReferenceBinary.locate(Map.of("GRAFT_HOME", home.toString()), null));
        assertTrue(e.getMessage().contains(home.resolve("extracted/pypm-ref").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("make build"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }

    @Test
    void graftHomeComesBeforeTheRepositoryProperty() throws Exception {
        Path binary = home.resolve("extracted/pypm-ref");
        Files.createDirectories(binary.getParent());
        Files.createFile(binary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals(binary, ReferenceBinary.locate(Map.of("GRAFT_HOME", home.toString()), "/nonexistent"));
        assertEquals(binary, ReferenceBinary.locate(Map.of(), home.toString()));
    }
}
