package dev.graft.serve.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.engine.cli.UserError;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTraceTest {

    @Test
    void poissonArrivalsAtTheRequestedRate() {
        BenchTrace t = BenchTrace.generate(4000, 10, new LengthDistribution.Uniform(3, 9), 50, 1);
        List<BenchTrace.Arrival> a = t.arrivals();
        for (int i = 1; i < a.size(); i++) {
            assertTrue(a.get(i).atNanos() >= a.get(i - 1).atNanos());
        }
        double meanGap = a.getLast().atNanos() / 1e9 / (a.size() - 1);
        assertEquals(0.1, meanGap, 0.01);
        for (BenchTrace.Arrival x : a) {
            int p = x.request().prompt().length;
            int o = x.request().maxNewTokens();
            assertTrue(p >= 3 && p <= 9 && o >= 3 && o <= 9, p + " " + o);
            assertTrue(Arrays.stream(x.request().prompt()).allMatch(id -> id >= 0 && id < 50));
        }
        assertEquals(t.arrivals().get(17).atNanos(),
                BenchTrace.generate(4000, 10, new LengthDistribution.Uniform(3, 9), 50, 1).arrivals().get(17).atNanos());
    }

    @Test
    void infiniteRateArrivesAllAtOnce() {
        assertTrue(BenchTrace.generate(20, Double.POSITIVE_INFINITY, new LengthDistribution.ShareGptLike(64), 10, 0)
                .arrivals().stream().allMatch(a -> a.atNanos() == 0));
    }

    @Test
    void shareGptLikeHasItsMediansAndStaysUnderTheCap() {
        BenchTrace t = BenchTrace.generate(2001, Double.POSITIVE_INFINITY, new LengthDistribution.ShareGptLike(64), 10, 3);
        int[] prompts = t.arrivals().stream().mapToInt(a -> a.request().prompt().length).sorted().toArray();
        int[] outputs = t.arrivals().stream().mapToInt(a -> a.request().maxNewTokens()).sorted().toArray();
        assertEquals(24, prompts[1000], 3);
        assertEquals(32, outputs[1000], 3);
        assertTrue(prompts[0] >= 1 && prompts[2000] <= 64 && outputs[2000] <= 64);
    }

    @Test
    void badLengthSpecsAreRefused() {
        assertEquals(new LengthDistribution.Uniform(2, 5), LengthDistribution.parse("uniform:2-5", 64));
        for (String bad : new String[] {"uniform:5-2", "uniform:0-3", "uniform:3", "zipf"}) {
            UserError e = assertThrows(UserError.class, () -> LengthDistribution.parse(bad, 64));
            assertEquals("--lengths '" + bad + "': expected sharegpt-like or uniform:A-B with 1 <= A <= B", e.getMessage());
        }
    }

    @Test
    void nearestRankPercentiles() {
        long[] ms = new long[100];
        for (int i = 0; i < 100; i++) {
            ms[i] = (100 - i) * 1_000_000L;
        }
        assertEquals(50.0, LatencySummary.percentileMs(ms, 50));
        assertEquals(99.0, LatencySummary.percentileMs(ms, 99));
        assertTrue(Double.isNaN(LatencySummary.percentileMs(new long[0], 50)));
    }
}
