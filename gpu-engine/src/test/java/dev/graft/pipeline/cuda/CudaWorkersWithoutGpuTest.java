package dev.graft.pipeline.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cuda.CudaException;
import dev.graft.engine.cuda.CudaRuntime;
import dev.graft.engine.cuda.Nccl;
import dev.graft.engine.cuda.PrimaryContext;
import org.junit.jupiter.api.Test;

/** Where there is no GPU or no NCCL (CI), the CUDA workers refuse in one line instead of failing later. */
class CudaWorkersWithoutGpuTest {

    @Test
    void ncclRefusesClearlyWhenItsLibraryIsMissing() {
        assumeTrue(Nccl.unavailableReason().isPresent(), "libnccl.so.2 is here");
        String reason = Nccl.unavailableReason().orElseThrow();
        assertTrue(reason.startsWith("NCCL unavailable: cannot load libnccl.so.2; tried "), reason);
        assertTrue(!reason.contains("\n"), reason);
        CudaException e = assertThrows(CudaException.class, Nccl::get);
        assertEquals(reason, e.getMessage());
    }

    @Test
    void cudaWorkersRefuseWithoutADevice() {
        assumeTrue(CudaRuntime.unavailableReason().isPresent(), "a CUDA device is here");
        assertEquals(0, PrimaryContext.deviceCount());
        UserError e = assertThrows(UserError.class, () -> CudaDevices.open(new int[] {0, 1}));
        assertTrue(e.getMessage().startsWith("no CUDA device: "), e.getMessage());
        assertThrows(CudaException.class, () -> PrimaryContext.retain(0));
    }
}
