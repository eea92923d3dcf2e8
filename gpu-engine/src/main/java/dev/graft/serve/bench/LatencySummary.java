package dev.graft.serve.bench;

import dev.graft.serve.RequestTrace;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.LongStream;

/**
 * What serve-bench reports of a finished run: time to first token and inter-token
 * latency (p50 and p99, milliseconds, nearest rank over requests' first tokens and over
 * all inter-token gaps), and output tokens per second over the run's wall time.
 */
public record LatencySummary(int finished, int refused, double ttftP50, double ttftP99, double itlP50, double itlP99,
                             long tokens, double seconds) {

    public static LatencySummary of(Collection<RequestTrace> traces, double seconds) {
        long[] ttft = traces.stream().filter(RequestTrace::finished).mapToLong(RequestTrace::timeToFirstToken).toArray();
        long[] itl = traces.stream().filter(RequestTrace::finished)
                .flatMapToLong(t -> LongStream.of(t.interTokenLatencies())).toArray();
        long tokens = traces.stream().mapToLong(t -> t.tokens().length).sum();
        int refused = (int) traces.stream().filter(t -> t.error() != null).count();
        return new LatencySummary(ttft.length, refused, percentileMs(ttft, 50), percentileMs(ttft, 99),
                percentileMs(itl, 50), percentileMs(itl, 99), tokens, seconds);
    }

    /** The nearest-rank percentile of nanosecond samples, in milliseconds; NaN with no samples. */
    static double percentileMs(long[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    public double tokensPerSecond() {
        return tokens / seconds;
    }

    public String format() {
        return String.format("requests: %d finished, %d refused%n"
                        + "time to first token: p50 %.2f ms, p99 %.2f ms%n"
                        + "inter-token latency: p50 %.2f ms, p99 %.2f ms%n"
                        + "throughput: %d output tokens in %.2f s = %.1f tokens/s%n",
                finished, refused, ttftP50, ttftP99, itlP50, itlP99, tokens, seconds, tokensPerSecond());
    }
}
