package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import org.junit.jupiter.api.Test;

class CudaGraphsTest {
    @Test
    void theOptionsValuesParseAndPrintBack() {
        for (CudaGraphs mode : CudaGraphs.values()) {
            assertEquals(mode, CudaGraphs.parse(mode.toString()));
        }
    }

    @Test
    void anotherValueIsRefusedNamingTheOption() {
        UserError e = assertThrows(UserError.class, () -> CudaGraphs.parse("prefill"));
        assertEquals("--cuda-graphs: 'prefill' is not on, decode or off", e.getMessage());
    }

    @Test
    void theCacheSaysWhenStepsAreNotAllCaptured() {
        assertFalse(new CacheConfig(8, 4, 8, 2, "f32").toString().contains("--cuda-graphs"));
        assertTrue(new CacheConfig(8, 4, 8, 2, "f32", CudaGraphs.DECODE).toString()
                .endsWith(", --cuda-graphs decode"));
    }
}
