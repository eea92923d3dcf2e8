package dev.graft.pypm.core;

/**
 * A definition set or query breaks a well-formedness rule of CORE-SPEC section 2.
 * {@link #definition()} names the definition at fault, or is null for the query, so a
 * front end can point at the definition's source position.
 */
public final class IllFormedException extends RuntimeException {
    private final String definition;

    public IllFormedException(String definition, String problem) {
        super((definition == null ? "query" : "definition " + definition) + ": " + problem);
        this.definition = definition;
    }

    public String definition() {
        return definition;
    }
}
