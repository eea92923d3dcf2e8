package dev.graft.conformance.cli;

import dev.graft.conformance.Report;
import dev.graft.conformance.run.Verdict;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Prints a run for a person: on a terminal, one progress bar redrawn in place;
 * elsewhere (CI logs), a plain line at each tenth of a phase. Mismatches always
 * get their full text, both answers included.
 */
final class ConsoleReport implements Report {
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final String referenceName;
    private final String candidateName;
    private long lastTenth = -1;
    private boolean barShown;

    ConsoleReport(PrintStream out, boolean terminal, String referenceName, String candidateName) {
        this.out = out;
        this.terminal = terminal;
        this.referenceName = referenceName;
        this.candidateName = candidateName;
    }

    @Override
    public void progress(String phase, long done, long total, long failed) {
        if (terminal) {
            int filled = (int) (BAR_WIDTH * done / Math.max(1, total));
            out.print("\r" + phase + " [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
                    + done + "/" + total + ", " + failed + " failed ");
            out.flush();
            barShown = done < total;
            if (!barShown) {
                out.println();
            }
            return;
        }
        long tenth = 10 * done / Math.max(1, total);
        if (tenth != lastTenth || done == total) {
            lastTenth = done == total ? -1 : tenth;
            out.println(phase + ": " + done + "/" + total + " cases, " + failed + " failed");
        }
    }

    @Override
    public void mismatch(String origin, Verdict original, Verdict shrunk, Path written) {
        line("FAIL " + origin);
        out.println("  request:  " + original.request());
        if (shrunk != original) {
            out.println("  shrunk:   " + shrunk.request());
        }
        out.println("  " + pad(referenceName) + shrunk.reference().describe());
        out.println("  " + pad(candidateName) + shrunk.candidate().describe());
        if (written != null) {
            out.println("  saved:    " + written);
        }
    }

    @Override
    public void line(String text) {
        if (barShown) {
            out.println();
            barShown = false;
        }
        out.println(text);
    }

    private static String pad(String name) {
        return String.format("%-10s", name + ":");
    }
}
