package dev.graft.serve;

import java.util.ArrayList;
import java.util.List;

/**
 * The life of one request in the engine: when it arrived and when each of its tokens came
 * out (nanoseconds of the engine's clock), and how it ended.
 */
public final class RequestTrace {
    private final GenerationRequest request;
    private final long arrival;
    private final List<Integer> tokens = new ArrayList<>();
    private final List<Long> tokenTimes = new ArrayList<>();
    private String error;
    private boolean cancelled;

    RequestTrace(GenerationRequest request, long arrival) {
        this.request = request;
        this.arrival = arrival;
    }

    void token(int token, long time) {
        tokens.add(token);
        tokenTimes.add(time);
    }

    void fail(String message) {
        this.error = message;
    }

    void cancel() {
        this.cancelled = true;
    }

    public GenerationRequest request() {
        return request;
    }

    public int[] tokens() {
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Why the request was refused, or null. */
    public String error() {
        return error;
    }

    public boolean cancelled() {
        return cancelled;
    }

    public boolean finished() {
        return error == null && !cancelled && tokens.size() == request.maxNewTokens();
    }

    /** Time to first token in nanoseconds; -1 before the first token. */
    public long timeToFirstToken() {
        return tokenTimes.isEmpty() ? -1 : tokenTimes.getFirst() - arrival;
    }

    /** Gaps between consecutive tokens, nanoseconds. */
    public long[] interTokenLatencies() {
        long[] gaps = new long[Math.max(0, tokenTimes.size() - 1)];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = tokenTimes.get(i + 1) - tokenTimes.get(i);
        }
        return gaps;
    }
}
