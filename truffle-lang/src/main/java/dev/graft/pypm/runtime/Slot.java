package dev.graft.pypm.runtime;

/**
 * The identity of one variable during matching. A query's free variables have one slot
 * each; an {@code exists} makes a fresh slot every time it is entered, which is the
 * capture-avoiding renaming of CORE-SPEC section 2 done lazily.
 */
public final class Slot {
    private final String name;
    /**
     * The substitution an {@code exists} was entered with: every substitution its body
     * makes extends this one, and no binding of the fresh slot lies in it, so a lookup
     * stops here instead of walking the bindings of all the enclosing activations.
     * {@link Subst#EMPTY} for a query's variable.
     */
    private final Subst scopeStart;

    public Slot(String name) {
        this(name, Subst.EMPTY);
    }

    /** A fresh slot of an {@code exists} entered with {@code scopeStart}. */
    public Slot(String name, Subst scopeStart) {
        this.name = name;
        this.scopeStart = scopeStart;
    }

    Subst scopeStart() {
        return scopeStart;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
