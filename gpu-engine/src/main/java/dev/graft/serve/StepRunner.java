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

    /**
     * Pauses the capture and replay of steps as CUDA graphs (every step then runs node by
     * node), or resumes them; a runner that captures nothing ignores it. The serve-bench warm-up
     * pauses them for its first passes, so that the JIT has compiled the node-by-node path that
     * uncaptured steps take before anything is timed.
     */
    default void pauseCapture(boolean on) {
    }

    /**
     * Times the node-by-node prefill and mixed steps on the device op by op, or stops: the GPU
     * is held until a step's kernels are all queued, so that each op's time is the GPU's alone,
     * and {@link #report} says where the steps' GPU time went. The hold delays every such step;
     * a runner that times nothing ignores it.
     */
    default void profileSteps(boolean on) {
    }

    /**
     * What the runner has to say about the steps run since its previous report (CUDA graphs
     * captured and replayed, where the time went), or empty.
     */
    default String report() {
        return "";
    }

    /** One line on how the model runs, for reports: fused paged attention or full recomputation. */
    String describe();
}
