package dev.graft.conformance;

import dev.graft.conformance.run.Verdict;
import java.nio.file.Path;

/** Where a conformance run tells what it is doing and what it found. */
public interface Report {
    /** How far a phase has got; called after each batch. */
    void progress(String phase, long done, long total, long failed);

    /** A failing case; {@code shrunk} is the case itself when it was not shrunk, {@code written} may be null. */
    void mismatch(String origin, Verdict original, Verdict shrunk, Path written);

    /** Any other line for the user. */
    void line(String text);
}
