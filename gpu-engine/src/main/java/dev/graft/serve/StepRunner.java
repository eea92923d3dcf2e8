package dev.graft.serve;

/** Runs the forward pass of one scheduled step and samples the sampling chunks' next tokens. */
public interface StepRunner {

    /** The next token of each sampling chunk of {@code step}, in chunk order. */
    int[] run(Step step);

    /** Refuses, before it is queued, a request the runner could never serve (with a RequestRefusedException). */
    default void admit(GenerationRequest request) {
    }

    /** Drops whatever the runner keeps for a request that ended. */
    default void forget(int request) {
    }

    /** What the runner has to say once the steps have run (CUDA graphs captured and replayed), or empty. */
    default String report() {
        return "";
    }

    /** One line on how the model runs, for reports: fused paged attention or full recomputation. */
    String describe();
}
