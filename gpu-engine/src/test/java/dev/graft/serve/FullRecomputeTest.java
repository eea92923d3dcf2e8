package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.cpu.CpuBackend;
import dev.graft.engine.run.ExpectedFile;
import dev.graft.engine.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FullRecomputeTest {

    /** The first greedy token is the argmax of the last row of the logits PyTorch computed. */
    @Test
    void firstTokenIsPyTorchsArgmax() {
        for (String name : new String[] {SharedModels.LLAMA, SharedModels.GPT2}) {
            ExpectedFile expected = ExpectedFile.read(SharedModels.path(name + ".expected.json"));
            ExpectedFile.Case single = expected.cases().stream()
                    .filter(c -> c.inputs().values().iterator().next().dim(0) == 1).findFirst().orElseThrow();
            Tensor ids = single.inputs().values().iterator().next();
            Tensor logits = single.outputs().values().iterator().next();
            int[] prompt = Arrays.stream(ids.toLongs()).mapToInt(Math::toIntExact).toArray();
            FullRecompute model = new FullRecompute(SharedModels.load(name), new CpuBackend());
            assertEquals(Logits.argmax(logits, prompt.length - 1), model.generate(prompt, 1)[0], name);
        }
    }

    @Test
    void eachTokenExtendsTheSequenceItFollows() {
        FullRecompute model = new FullRecompute(SharedModels.load(SharedModels.LLAMA), new CpuBackend());
        int[] prompt = {5, 77, 301};
        int[] tokens = model.generate(prompt, 4);
        int[] longer = {5, 77, 301, tokens[0], tokens[1]};
        assertArrayEquals(Arrays.copyOfRange(tokens, 2, 4), model.generate(longer, 2));
    }
}
