package dev.graft.serve.bench;

import dev.graft.serve.ServingEngine;

/**
 * Replays a trace against an engine in real time: each request is submitted once its
 * arrival time has passed (stamped with that arrival, so time to first token counts the
 * wait for a step in progress), steps run back to back, and the loop sleeps only when
 * nothing is running and the next request has not arrived yet.
 */
public final class BenchRunner {
    private BenchRunner() {
    }

    /** Runs the whole trace; returns the wall time in seconds. */
    public static double replay(ServingEngine engine, BenchTrace trace, long startNanos) throws InterruptedException {
        int next = 0;
        var arrivals = trace.arrivals();
        while (next < arrivals.size() || !engine.isIdle()) {
            long now = System.nanoTime() - startNanos;
            while (next < arrivals.size() && arrivals.get(next).atNanos() <= now) {
                BenchTrace.Arrival a = arrivals.get(next++);
                engine.submit(a.request(), startNanos + a.atNanos());
            }
            if (!engine.step() && next < arrivals.size()) {
                long wait = arrivals.get(next).atNanos() - (System.nanoTime() - startNanos);
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
