package dev.graft.pypm.runtime;

import com.oracle.truffle.api.CompilerDirectives.TruffleBoundary;

/**
 * A substitution during matching: a persistent list of bindings from {@link Slot}s to
 * terms (term variables) or op-name strings (function variables). Extending shares the
 * tail, so the many branches of a nondeterministic match cost one cell per binding.
 */
public final class Subst {
    public static final Subst EMPTY = new Subst(null, null, null);

    private final Slot slot;
    private final Object value;
    private final Subst next;

    private Subst(Slot slot, Object value, Subst next) {
        this.slot = slot;
        this.value = value;
        this.next = next;
    }

    /** The value bound to slot, or null when it is unbound. */
    public Object lookup(Slot key) {
        Subst outside = key.scopeStart();
        for (Subst s = this; s != outside && s != EMPTY; s = s.next) {
            if (s.slot == key) {
                return s.value;
            }
        }
        return null;
    }

    public Subst bind(Slot key, Object bound) {
        return new Subst(key, bound, this);
    }

    /** This substitution without key's binding: how {@code exists} restores an unbound local. */
    @TruffleBoundary
    public Subst without(Slot key) {
        if (this == EMPTY || this == key.scopeStart()) {
            return this;
        }
        if (slot == key) {
            return next;
        }
        Subst rest = next.without(key);
        return rest == next ? this : new Subst(slot, value, rest);
    }
}
