package dev.graft.pypm;

import com.oracle.truffle.api.Truffle;

/**
 * Which Truffle runtime this JVM got. Without JVMCI and the Graal compiler jars on the
 * upgrade module path, Truffle silently falls back to interpreting only, many times
 * slower, so commands say which one they run on.
 */
public final class TruffleRuntimeInfo {
    private TruffleRuntimeInfo() {
    }

    public static boolean isOptimizing() {
        return !Truffle.getRuntime().getClass().getName().contains("DefaultTruffleRuntime");
    }

    /** One line for stderr: the runtime, and how to get the optimizing one when it fell back. */
    public static String describe() {
        String name = Truffle.getRuntime().getName();
        if (isOptimizing()) {
            return "Truffle runtime: optimizing (" + name + ")";
        }
        if (Boolean.getBoolean("truffle.UseFallbackRuntime")) {
            return "Truffle runtime: fallback, interpreter only (" + name + "), as asked";
        }
        String reason = System.getProperty("graft.truffle.fallbackReason");
        if (reason != null) {
            return "Truffle runtime: fallback, interpreter only (" + name + "): " + reason;
        }
        return "Truffle runtime: fallback, interpreter only (" + name + "); for the optimizing runtime run"
                + " through ./graft after `make build`, which puts the Graal compiler on the upgrade module path";
    }
}
