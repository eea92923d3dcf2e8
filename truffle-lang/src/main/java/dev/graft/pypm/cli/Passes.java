package dev.graft.pypm.cli;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * graft's side of {@code graft bench core}: one pass over the case file run again and
 * again on the calling thread, whose CPU time is the figure (the process's beside it).
 */
final class Passes {
    /** Process CPU over the answering thread's CPU below which the other threads count as idle. */
    private static final double IDLE_OTHERS = 1.1;

    private final Runnable pass;
    private final int requestsPerPass;

    Passes(Runnable pass, int requestsPerPass) {
        this.pass = pass;
        this.requestsPerPass = requestsPerPass;
    }

    /**
     * Runs passes for {@code seconds} and then, second by second, until the JVM's other
     * threads (the compilers, on a loaded machine still busy after the fixed part) are
     * idle: a second in which the whole process used at most {@value #IDLE_OTHERS} times
     * the answering thread's CPU; at most as long again. Prints how long it took.
     */
    void warmUp(double seconds) {
        measure(seconds);
        double more = 0;
        while (more < seconds) {
            Throughput second = measure(1);
            more += second.wallSeconds();
            if (second.processCpuSeconds() <= IDLE_OTHERS * second.cpuSeconds()) {
                break;
            }
        }
        System.out.printf("  (warm-up %.0f s, %.0f s of it waiting for the compiler threads)%n", seconds + more, more);
    }

    /** Whole passes until {@code seconds} of wall-clock have gone by (at least one). */
    Throughput measure(double seconds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean process = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long start = System.nanoTime();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long processStart = process.getProcessCpuTime();
        long deadline = start + (long) (seconds * 1e9);
        long answered = 0;
        do {
            pass.run();
            answered += requestsPerPass;
        } while (System.nanoTime() < deadline);
        return new Throughput(answered, (System.nanoTime() - start) / 1e9,
                (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9, (process.getProcessCpuTime() - processStart) / 1e9);
    }
}
