package dev.graft.pipeline.runtime;

import java.time.Duration;

/** Durations as people write them in error messages: "250 ms", "60 s". */
final class Durations {
    private Durations() {
    }

    static String text(Duration d) {
        return d.toMillis() < 1000 || d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }
}
