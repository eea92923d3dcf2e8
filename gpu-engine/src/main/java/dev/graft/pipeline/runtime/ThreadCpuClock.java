package dev.graft.pipeline.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The CPU time of the calling thread, for the spans' "dedicated cores" replay, where
 * the Java runtime has java.management. The trimmed runtime image that GPU machines
 * run (tools/gpu-bundle.sh) does not; there the wall clock stands in, which is what a
 * GPU worker's host thread would show anyway, since it waits on its device.
 */
final class ThreadCpuClock {
    private static final boolean MEASURED = ModuleLayer.boot().findModule("java.management").isPresent();

    private ThreadCpuClock() {
    }

    static long nanos() {
        return MEASURED ? Management.THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Loaded only when the module is there. */
    private static final class Management {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    }
}
