package dev.graft.engine.ops;

/**
 * Inference cannot tell an output's rank (or another structural fact) before
 * run time, e.g. a Reshape whose target has a length only known when it runs.
 * Not an error in the graph: {@link TypeInference} then takes the types the
 * model declares, if it declares them.
 */
public class NotStaticException extends OpException {
    public NotStaticException(String message) {
        super(message);
    }
}
