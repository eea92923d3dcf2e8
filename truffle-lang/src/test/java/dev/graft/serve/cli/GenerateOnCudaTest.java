package dev.graft.serve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cuda.CudaRuntime;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code generate --backend cuda}: PagedAttention over the KV cache on the GPU. The
 * head-dim refusal needs no device; the token check runs where there is one.
 */
class GenerateOnCudaTest {
    /** Head dim 24 (hidden 96 over 4 query heads): not one the GPU kernels take. */
    private static final String LLAMA_D24 = "llama:layers=1,hidden=96,heads=4,kv-heads=2,ffn=128,vocab=64,seed=3";
    /** Head dim 64 (hidden 256 over 4 query heads), grouped 2 to 1: a shape the GPU kernels take. */
    private static final String LLAMA_D64 = "llama:layers=2,hidden=256,heads=4,kv-heads=2,ffn=512,vocab=512,seed=3";

    private final StringWriter out = new StringWriter();

    private int generate(String... args) {
        return ParsedCommand.parse(new GenerateCommand(), out, args).call();
    }

    @Test
    void aHeadDimTheGpuKernelsDoNotTakeIsRefusedNotRunOnTheCpu() {
        UserError e = assertThrows(UserError.class, () -> generate(LLAMA_D24, "--prompt-ids", "1,2", "--backend", "cuda"));
        assertEquals("--backend cuda: attention layer 'Transpose_227/paged_attention_token_major_rotary' has head_dim 24;"
                + " the GPU attention kernels take 16, 32, 64, 128, 256 (run this model with --backend cpu)", e.getMessage());
    }

    @Test
    void withoutADeviceTheCudaBackendSaysSo() {
        Optional<String> reason = CudaRuntime.unavailableReason();
        assumeTrue(reason.isPresent(), "a CUDA device is present");
        UserError e = assertThrows(UserError.class, () -> generate(LLAMA_D64, "--prompt-ids", "1,2", "--backend", "cuda"));
        assertTrue(e.getMessage().startsWith("--backend cuda: no CUDA device: "), e.getMessage());
    }

    @Test
    void greedyTokensOnTheGpuEqualFullRecomputationOnTheCpu() {
        Optional<String> reason = CudaRuntime.unavailableReason();
        assumeTrue(reason.isEmpty(), () -> "no CUDA device: " + reason.orElse(""));
        assertEquals(0, generate(LLAMA_D64, "--prompt-ids", "37,235,396,72,255,11,480", "--max-new-tokens", "16",
                "--backend", "cuda", "--page-size", "4", "--check"));
        String text = out.toString();
        assertTrue(text.contains("fp16 on the GPU) on cuda"), text);
        assertTrue(text.contains("check: every request's tokens equal full recomputation on the original graph on the CPU"),
                text);
    }
}
