package dev.graft.pypm.cli;

/**
 * Requests answered, with the wall-clock and the CPU seconds they took: of the thread
 * that answered, and of the whole process (for graft that adds the JVM's garbage
 * collector and compiler threads; pypm-ref is one thread). {@code graft bench core}
 * compares CPU time, which other work on a shared machine disturbs far less.
 */
record Throughput(long requests, double wallSeconds, double cpuSeconds, double processCpuSeconds) {
    double rate() {
        return requests / cpuSeconds;
    }

    double processRate() {
        return requests / processCpuSeconds;
    }

    double cpuMicrosPerRequest() {
        return cpuSeconds * 1e6 / requests;
    }

    double processCpuMicrosPerRequest() {
        return processCpuSeconds * 1e6 / requests;
    }

    double wallMicrosPerRequest() {
        return wallSeconds * 1e6 / requests;
    }

    String describe() {
        return String.format("%.0f requests per CPU second, %.1f us CPU per request (%.1f us CPU all threads,"
                + " %.1f us wall)", rate(), cpuMicrosPerRequest(), processCpuMicrosPerRequest(), wallMicrosPerRequest());
    }
}
