package dev.graft.pypm.runtime;

/**
 * One activation of a definition body (or the query): the argument patterns of the
 * call, unevaluated (call-by-name), and the slot currently standing for each
 * {@code exists} binder of the body.
 */
public final class Env {
    private static final Thunk[] NO_ARGS = new Thunk[0];

    private final Thunk[] args;
    private final Slot[] locals;

    public Env(Thunk[] args, int binders) {
        this.args = args;
        this.locals = new Slot[binders];
    }

    public static Env top(int binders) {
        return new Env(NO_ARGS, binders);
    }

    public Thunk arg(int index) {
        return args[index];
    }

    public Slot local(int binder) {
        return locals[binder];
    }

    public void setLocal(int binder, Slot slot) {
        locals[binder] = slot;
    }
}
