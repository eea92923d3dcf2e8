package dev.graft.conformance.run;

/** A live engine crashed or stopped answering; it must be restarted before further use. */
public final class EngineFault extends Exception {
    public EngineFault(String message) {
        super(message);
    }
}
