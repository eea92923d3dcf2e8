package dev.graft.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every kernel template through NVRTC of CUDA 13 for sm_90. Needs libnvrtc.so.13
 * (no GPU): where it cannot be loaded the tests are skipped with the loader's reason.
 */
class NvrtcCompileTest {
    private static String unavailable;

    @BeforeAll
    static void probe() {
        try {
            Nvrtc.get().version();
        } catch (CudaException e) {
            unavailable = e.getMessage();
        }
    }

    private static void requireNvrtc() {
        assumeTrue(unavailable == null, () -> "no NVRTC: " + unavailable);
    }

    private static Map<String, Object> flags(int headDim, int bf16, int paged, int variantBits) {
        return Map.ofEntries(Map.entry("HEAD_DIM", headDim), Map.entry("DTYPE_BF16", bf16),
                Map.entry("PAGED", paged), Map.entry("CAUSAL", variantBits & 1),
                Map.entry("SOFTCAP", (variantBits >> 1) & 1), Map.entry("WINDOW", (variantBits >> 2) & 1),
                Map.entry("ALIBI", (variantBits >> 3) & 1), Map.entry("MASK", (variantBits >> 4) & 3),
                Map.entry("ROPE", (variantBits >> 6) & 1), Map.entry("GROUP_SIZE", 4),
                Map.entry("HEADS_PER_CTA", AttentionKernels.headsPerCta(new HeadConfig(4, 1, headDim, KvDType.BF16))),
                Map.entry("MT", AttentionKernels.prefillShape(headDim).mt()),
                Map.entry("BK", AttentionKernels.prefillShape(headDim).bk()),
                Map.entry("MIN_CTAS", AttentionKernels.prefillShape(headDim).minCtas()));
    }

    @Test
    void everyTemplateCompilesForHopperAndTheSecondLoadComesFromDisk(@TempDir Path dir) {
        requireNvrtc();
        KernelCache cache = new KernelCache(dir, "sm_90");
        for (int headDim : HeadConfig.SUPPORTED_HEAD_DIMS) {
            for (String template : new String[] {"attention_decode", "attention_prefill"}) {
                // the decode template's shape replaces the prefill tile's MIN_CTAS
                Map<String, Object> shape = template.equals("attention_decode")
                        ? AttentionKernels.DecodeShape.DEFAULT.defines() : Map.of();
                KernelSource source = KernelSource.template(template, template + ".cu")
                        .define(flags(headDim, headDim == 128 ? 0 : 1, headDim == 64 ? 0 : 1, 0b1011111)).define(shape);
                assertTrue(cache.get(KernelSource.template(template, template + ".cu")
                        .define(flags(headDim, 1, 1, 0)).define(shape)).cubin().length > 1000);
                KernelCache.Compiled cold = cache.get(source);
                assertFalse(cold.cached());
                assertTrue(cold.cubin().length > 1000);
                KernelCache.Compiled warm = cache.get(source);
                assertTrue(warm.cached(), "second load of " + source.label() + " is cached");
            }
        }
        // the Hopper prefill kernel, sm_90a, plain and with every hook it serves (all but RoPE)
        for (int bits : new int[] {0b0000001, 0b0111111, 0b0011100}) {
            KernelSource sm90 = KernelSource.template("attention_prefill_sm90", "attention_prefill_sm90.cu")
                    .define(flags(128, bits & 1, (bits >> 2) & 1, bits)).forSpecificArch();
            assertTrue(sm90.options("sm_90").contains("--gpu-architecture=sm_90a"));
            assertTrue(cache.get(sm90).cubin().length > 1000, sm90.label());
        }
        // the graph ops' templates, each source from its op class, over every storage type it meets
        DeviceType f32 = DeviceType.F32;
        DeviceType bf16 = DeviceType.BF16;
        List<KernelSource> ops = List.of(
                Pointwise.source(CudaElementwise.UNARY.get("Sigmoid"), bf16, bf16),
                Pointwise.source(CudaElementwise.BINARY.get("Pow"), f32, f32, bf16),
                Pointwise.source(CudaElementwise.TERNARY.get("Where"), f32, DeviceType.I64, f32, bf16),
                Pointwise.source(Pointwise.COPY, DeviceType.F16, f32),
                Pointwise.source(Pointwise.COPY, f32, DeviceType.F16),
                CudaSoftmax.source(true, false, f32, f32, f32),
                CudaSoftmax.source(false, true, bf16, f32, bf16),
                CudaRowNorm.source(true, true, bf16, bf16, f32),
                CudaRowNorm.source(false, false, f32, f32, f32),
                CudaReduce.source(true, false, bf16, bf16),
                CudaReduce.source(false, true, f32, f32),
                CudaGather.source(bf16),
                CudaGather.source(DeviceType.I64),
                CudaRotary.source(bf16, bf16, f32, f32));
        for (KernelSource op : ops) {
            assertTrue(cache.get(op).cubin().length > 0, op.label());
        }
        for (int headDim : HeadConfig.SUPPORTED_HEAD_DIMS) {
            for (String template : new String[] {"merge_states", "append_paged_kv"}) {
                assertTrue(cache.get(KernelSource.template(template, template + ".cu")
                        .define(Map.of("HEAD_DIM", headDim, "DTYPE_BF16", 1, "MERGE_WARPS", AttentionKernels.MERGE_WARPS)))
                        .cubin().length > 0);
            }
        }
    }

    @Test
    void aBrokenSpecializationNamesTheKernelAndShowsNvrtcsLog(@TempDir Path dir) {
        requireNvrtc();
        KernelCache cache = new KernelCache(dir, "sm_90");
        // HEAD_DIM left undefined: the template cannot compile
        KernelSource broken = KernelSource.template("merge_states", "merge_states.cu").define(Map.of("DTYPE_BF16", 1));
        KernelCompileException e = assertThrows(KernelCompileException.class, () -> cache.get(broken));
        assertTrue(e.getMessage().startsWith("kernel merge_states{DTYPE_BF16=1} failed to compile"), e.getMessage());
        assertTrue(e.log().contains("HEAD_DIM"), e.log());
    }
}
