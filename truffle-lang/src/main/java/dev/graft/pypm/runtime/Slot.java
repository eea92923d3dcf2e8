package dev.graft.pypm.runtime;

/**
 * The identity of one variable during matching. A query's free variables have one slot
 * each; an {@code exists} makes a fresh slot every time it is entered, which is the
 * capture-avoiding renaming of CORE-SPEC section 2 done lazily.
 */
public final class Slot {
    private final String name;

    public Slot(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
