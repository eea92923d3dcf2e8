package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.graft.engine.cpu.CpuBackend;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PositionsTest {

    @Test
    void findsThePositionRangeAndTheTableItIndexes() {
        Graph gpt2 = SharedModels.load(SharedModels.GPT2);
        List<Node> ranges = Positions.ranges(gpt2, gpt2.inputs().getFirst());
        assertEquals(1, ranges.size(), "the batch Range of the mask is not a position Range");
        assertEquals(OptionalInt.of(128), Positions.limit(gpt2, ranges), "GPT-2's learned position table");
        Graph llama = SharedModels.load(SharedModels.LLAMA);
        assertEquals(OptionalInt.empty(), Positions.limit(llama, Positions.ranges(llama, llama.inputs().getFirst())),
                "RoPE computes positions: no table");
    }

    @Test
    void aRequestPastThePositionTableIsRefused() {
        Graph gpt2 = SharedModels.load(SharedModels.GPT2);
        ServingModel served = ServingModel.unfused(gpt2, new CpuBackend(), new CacheConfig(64, 16, 64, 4, "f32"));
        ServingEngine engine = served.engine(System::nanoTime);
        engine.submit(new GenerationRequest(0, new int[100], 30));
        assertEquals("request 0: 100 prompt + 30 new tokens need 129 positions, the model has 128",
                engine.traces().get(0).error());
    }
}
