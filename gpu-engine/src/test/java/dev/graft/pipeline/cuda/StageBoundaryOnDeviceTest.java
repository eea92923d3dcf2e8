package dev.graft.pipeline.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cuda.DeviceOpFamily;
import dev.graft.pipeline.stages.StageBoundary;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The CUDA backend finds the stage boundary's device op where it finds other parts' device ops. */
class StageBoundaryOnDeviceTest {
    @Test
    void theBoundaryIsADeviceOpOfTheBackend() {
        assertTrue(ServiceLoader.load(DeviceOpFamily.class).stream()
                .anyMatch(p -> p.get().ops().containsKey(StageBoundary.NAME)));
    }
}
