package dev.graft.pypm.runtime;

/**
 * One activation of a definition body (or the query): the argument patterns of the
 * call, unevaluated (call-by-name), and the slot currently standing for each
 * {@code exists} binder of the body.
 */
public final class Env {
    private static final Thunk[] NO_ARGS = new Thunk[0];
    private static final Slot[] NO_LOCALS = new Slot[0];
    /** The activation of a body without parameters or binders: it holds nothing, so one serves every such call. */
    private static final Env EMPTY = new Env(NO_ARGS, 0);

    private final Thunk[] args;
    private final Slot[] locals;

    private Env(Thunk[] args, int binders) {
        this.args = args;
        this.locals = binders == 0 ? NO_LOCALS : new Slot[binders];
    }

    /** An activation with these arguments and {@code binders} unset locals. */
    public static Env of(Thunk[] args, int binders) {
        return args.length == 0 && binders == 0 ? EMPTY : new Env(args, binders);
    }

    public static Env top(int binders) {
        return of(NO_ARGS, binders);
    }

    /** No arguments, for a call that passes none. */
    public static Thunk[] noArgs() {
        return NO_ARGS;
    }

    /** How many arguments the call gave. */
    public int arity() {
        return args.length;
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
