package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The GPU checks as JUnit tests. On a machine without a usable CUDA device (CI, the build
 * machines) every one is skipped with the reason, checked for real each run.
 */
class CudaAttentionGpuTest {

    private static void requireDevice() {
        Optional<String> reason = CudaRuntime.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "no CUDA device: " + reason.orElse(""));
    }

    @Test
    void aPlainDecodeRunsOnTheDevice() {
        requireDevice();
        try (CudaRuntime gpu = CudaRuntime.open()) {
            assertTrue(gpu.context().smCount() > 0);
            java.util.Random rng = new java.util.Random(1);
            var heads = new dev.graft.attention.HeadConfig(8, 2, 128, dev.graft.attention.KvDType.BF16);
            var kv = dev.graft.attention.RandomBatches.paged(rng, heads, new int[] {100, 3}, 16, 1);
            var batch = dev.graft.attention.RandomBatches.batch(rng, heads,
                    dev.graft.attention.AttentionVariant.DEFAULT, new int[] {1, 1}, kv);
            GpuChecks.Result r = new GpuChecks(gpu).compare(batch, gpu.attention().plan(batch));
            assertTrue(r.passed(), r.detail());
        }
    }

    @TestFactory
    Stream<DynamicTest> attentionOnTheGpuMatchesTheReference() {
        requireDevice();
        CudaRuntime gpu = CudaRuntime.open();
        return new GpuChecks(gpu).all().stream()
                .map(check -> DynamicTest.dynamicTest(check.name(), () -> {
                    GpuChecks.Result r = check.body().get();
                    assertTrue(r.passed(), check.name() + ": error " + r.error() + " (" + r.detail() + ")");
                }))
                .onClose(gpu::close);
    }
}
