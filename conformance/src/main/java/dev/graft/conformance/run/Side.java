package dev.graft.conformance.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One implementation under test, kept alive across batches. When its engine
 * crashes or hangs on a request, that request's outcome records the fault, a
 * fresh engine is started and the requests after it are sent again, so a run
 * always goes on to the end.
 */
final class Side implements AutoCloseable {
    private final Implementation implementation;
    private final Duration perCase;
    private Engine engine;
    private int restarts;

    Side(Implementation implementation, Duration perCase) {
        this.implementation = implementation;
        this.perCase = perCase;
        this.engine = implementation.starter().get();
    }

    String name() {
        return implementation.name();
    }

    int restarts() {
        return restarts;
    }

    void sendAll(List<String> requests) {
        requests.forEach(engine::send);
    }

    /** Collects the outcomes of requests already passed to {@link #sendAll}, in order. */
    List<Outcome> collect(List<String> requests) {
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                outcomes.add(Outcome.answered(engine.receive(perCase)));
            } catch (EngineFault fault) {
                outcomes.add(Outcome.faulted(implementation.name() + " " + fault.getMessage()));
                restart();
                requests.subList(i + 1, requests.size()).forEach(engine::send);
            }
        }
        return outcomes;
    }

    private void restart() {
        engine.close();
        engine = implementation.starter().get();
        restarts++;
    }

    @Override
    public void close() {
        engine.close();
    }
}
