package dev.graft.serve.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.KvDType;
import dev.graft.engine.cli.UserError;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateCommandTest {
    private static final String LLAMA = System.getProperty("graft.repo") + "/models/tiny-llama-gqa.dyn.onnx";
    /** Head dim 24 (hidden 96 over 4 query heads): not one the attention library's kernels take. */
    private static final String LLAMA_D24 = "llama:layers=1,hidden=96,heads=4,kv-heads=2,ffn=128,vocab=64,seed=3";

    private final StringWriter out = new StringWriter();

    private int generate(String... args) {
        return ParsedCommand.parse(new GenerateCommand(), out, args).call();
    }

    @Test
    void generatesThroughTheCacheAndChecksAgainstFullRecomputation() {
        assertEquals(0, generate(LLAMA, "--prompt-ids", "37,235,396,72,255", "--max-new-tokens", "5", "--check"));
        String text = out.toString();
        assertTrue(text.startsWith("model: fused paged attention (2 layers"), text);
        assertTrue(text.contains("check: every request's tokens equal full recomputation"), text);
    }

    @Test
    void aPromptIdOutsideTheVocabularyIsRefusedWhileTheOthersGoOn(@TempDir Path dir) throws Exception {
        Path batch = dir.resolve("batch.json");
        Files.writeString(batch, """
                [{"prompt_ids": [1, 2, 3]}, {"prompt_ids": [4, 512, 6], "max_new_tokens": 2}, {"prompt_ids": [-1]}]""");
        UserError e = assertThrows(UserError.class, () -> generate(LLAMA, "--batch", batch.toString(), "--max-new-tokens", "3"));
        assertEquals("2 of 3 request(s) refused (see above)", e.getMessage());
        String text = out.toString();
        assertTrue(text.contains("request 0: ["), text);
        assertTrue(text.contains("request 1: refused: request 1: prompt token 1 is 512, outside the vocabulary [0, 512)"), text);
        assertTrue(text.contains("request 2: refused: request 2: prompt token 0 is -1, outside the vocabulary [0, 512)"), text);
    }

    @Test
    void aRequestLargerThanTheCacheIsRefused() {
        UserError e = assertThrows(UserError.class, () -> generate(LLAMA, "--prompt-ids", "1,2,3,4,5,6,7,8,9",
                "--max-new-tokens", "8", "--pages", "2", "--page-size", "4"));
        assertEquals("1 of 1 request(s) refused (see above)", e.getMessage());
        assertTrue(out.toString().contains("request 0: refused: request 0: 9 prompt + 8 new tokens need 4 pages of 4 tokens,"
                + " the whole cache has 2"), out.toString());
    }

    @Test
    void aModelWithAFixedSequenceLengthIsRefused() {
        UserError e = assertThrows(UserError.class, () -> generate(LLAMA.replace(".dyn.onnx", ".onnx"),
                "--prompt-ids", "1,2"));
        assertEquals("graph 'main_graph': input 'input_ids' has a fixed sequence length (i64[1,8]); generation needs a"
                + " dynamic sequence axis (export with dynamic axes, as the .dyn models)", e.getMessage());
    }

    /**
     * The shared models (head dim 16) through the attention library's 16-bit caches on the
     * CPU, the rounding their GPU cache has: the greedy tokens stay those of full
     * recomputation in fp32.
     */
    @ParameterizedTest
    @CsvSource({"tiny-llama-gqa, fp16, '466,278,463,43,364,447,61,17'",
                "tiny-llama-gqa, bf16, '466,278,463,43,364,447,61,17'",
                "tiny-gpt2, fp16, '80,336,511,409,82,115,229,210'",
                "tiny-gpt2, bf16, '80,336,511,409,82,115,229,210'"})
    void theSharedModelsThroughASixteenBitCacheGiveFullRecomputationsTokens(String model, String dtype, String prompt) {
        String path = System.getProperty("graft.repo") + "/models/" + model + ".dyn.onnx";
        assertEquals(0, generate(path, "--rules", "std", "--prompt-ids", prompt, "--max-new-tokens", "16",
                "--kv-dtype", dtype, "--check"));
        String text = out.toString();
        assertTrue(text.startsWith("model: fused paged attention"), text);
        assertTrue(text.contains(KvDType.parse(dtype).shortName() + ") on cpu"), text);
        assertTrue(text.contains("check: every request's tokens equal full recomputation"), text);
    }

    @Test
    void aHeadDimTheLibraryKernelsDoNotTakeIsNamed() {
        UserError e = assertThrows(UserError.class, () -> generate(LLAMA_D24, "--prompt-ids", "1,2", "--kv-dtype", "bf16"));
        assertEquals("node 'Transpose_227/paged_attention_token_major_rotary' (PagedAttention): the bf16 KV cache (attention"
                + " library) refuses this layer: head config: head_dim 24 is not supported (supported: 16, 32, 64, 128,"
                + " 256)", e.getMessage());
        assertEquals("--kv-dtype int8: expected f32, bf16 or fp16",
                assertThrows(UserError.class, () -> generate(LLAMA, "--prompt-ids", "1", "--kv-dtype", "int8")).getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        assertEquals("--prompt-ids: 'x' is not an integer token id",
                assertThrows(UserError.class, () -> generate(LLAMA, "--prompt-ids", "1,x")).getMessage());
        assertEquals("give either --prompt-ids or --batch",
                assertThrows(UserError.class, () -> generate(LLAMA)).getMessage());
        assertEquals("request 0: max new tokens must be at least 1, got 0",
                assertThrows(UserError.class, () -> generate(LLAMA, "--prompt-ids", "1", "--max-new-tokens", "0")).getMessage());
    }
}
