package dev.graft.pypm.runtime;

import dev.graft.pypm.core.Term;

/**
 * The fuel of one match: CORE-SPEC section 5 gives each call the fuel of its caller
 * less one, so along any path the fuel left is the starting fuel less the calls open
 * on that path. One counter, spent when a call starts and given back when it returns,
 * is that figure at every point of the walk, with no fuel value passed per call.
 *
 * <p>It also carries the one thing a call made as a step of a loop passes back besides
 * its fuel: the term to go on with. Both belong to the calls of one match, and this is
 * the one object every pattern node is given for them.
 */
public final class Fuel {
    private long left;
    /**
     * The term a call in tail position handed back to its definition's loop instead of
     * calling it ({@code DefinitionRoot}): set just before that call's match returns and
     * taken as soon as the definition's body has returned, so one per match is enough.
     */
    private Term tailTerm;

    public Fuel(long left) {
        this.left = left;
    }

    public boolean isEmpty() {
        return left == 0;
    }

    /** A call starts. */
    public void spend() {
        left--;
    }

    /** The call returned. */
    public void giveBack() {
        left++;
    }

    /** That many calls, made as steps of a loop, returned. */
    public void giveBack(long calls) {
        left += calls;
    }

    /** A call in tail position that has spent its unit asks to go on with {@code t}. */
    public void continueWith(Term t) {
        tailTerm = t;
    }

    /** The term a tail call asked to go on with, or null; asking again gives null. */
    public Term takeTailTerm() {
        Term t = tailTerm;
        tailTerm = null;
        return t;
    }
}
