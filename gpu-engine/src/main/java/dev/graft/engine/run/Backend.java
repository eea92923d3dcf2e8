package dev.graft.engine.run;

import dev.graft.engine.graph.Graph;
import dev.graft.engine.tensor.Tensor;
import java.util.Map;

/**
 * Somewhere graphs run: the CPU reference, a GPU. {@code graft run --backend NAME}
 * picks one from those listed in {@code META-INF/services/dev.graft.engine.run.Backend}.
 */
public interface Backend {

    /** The name {@code --backend} takes. */
    String name();

    /**
     * This backend with an option, as {@code --backend NAME:OPTION} gives it (e.g. {@code
     * cuda:bf16}); a backend that takes none refuses.
     */
    default Backend withOption(String option) {
        throw new dev.graft.engine.cli.UserError("--backend " + name() + ":" + option + ": backend '" + name()
                + "' takes no option");
    }

    /** Prepares a typed graph to run, possibly many times. */
    Prepared prepare(Graph graph);

    /** A graph ready to run on this backend. */
    interface Prepared {
        /** Runs once with inputs by name; returns the graph outputs by name, in order. */
        Map<String, Tensor> run(Map<String, Tensor> inputs);
    }
}
