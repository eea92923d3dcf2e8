package dev.graft.serve;

/**
 * Limits of one scheduling step.
 *
 * @param tokenBudget the most tokens (decode tokens plus prefill chunk tokens) one step feeds
 * @param maxRunning  the most requests admitted at once (each holds its pages until it ends)
 */
public record SchedulerConfig(int tokenBudget, int maxRunning) {

    public SchedulerConfig {
        if (tokenBudget < 1 || maxRunning < 1) {
            throw new IllegalArgumentException("scheduler: token budget and running limit must be positive, got "
                    + tokenBudget + " and " + maxRunning);
        }
    }
}
