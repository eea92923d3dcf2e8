package dev.graft.pypm.runtime;

/**
 * The fuel of one match: CORE-SPEC section 5 gives each call the fuel of its caller
 * less one, so along any path the fuel left is the starting fuel less the calls open
 * on that path. One counter, spent when a call starts and given back when it returns,
 * is that figure at every point of the walk, with no fuel value passed per call.
 */
public final class Fuel {
    private long left;

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
}
