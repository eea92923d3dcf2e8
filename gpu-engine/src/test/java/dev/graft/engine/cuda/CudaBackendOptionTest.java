package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.run.Backends;
import org.junit.jupiter.api.Test;

/** {@code --backend cuda:OPTION}, parsed without opening a device. */
class CudaBackendOptionTest {
    @Test
    void bf16StorageIsAnOptionOfTheCudaBackend() {
        assertEquals("cuda:bf16", Backends.named("cuda:bf16").name());
        assertEquals("cuda", Backends.named("cuda").name());
        assertEquals("cuda", Backends.named("cuda:f32").name());
    }

    @Test
    void unknownStorageIsRefusedNamingTheChoices() {
        UserError e = assertThrows(UserError.class, () -> Backends.named("cuda:fp8"));
        assertTrue(e.getMessage().contains("--backend cuda:fp8") && e.getMessage().contains("f32 or bf16"),
                e.getMessage());
    }

    @Test
    void aBackendWithoutOptionsRefusesOne() {
        UserError e = assertThrows(UserError.class, () -> Backends.named("cpu:bf16"));
        assertEquals("--backend cpu:bf16: backend 'cpu' takes no option", e.getMessage());
    }
}
