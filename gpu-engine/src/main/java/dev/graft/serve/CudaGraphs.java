package dev.graft.serve;

import dev.graft.engine.cli.UserError;
import java.util.Locale;

/**
 * Which steps on the device-resident CUDA backend are captured as CUDA graphs and replayed
 * ({@code --cuda-graphs}). Decode steps come in few shapes and repeat every step, so they
 * are captured at their first step. A prefill or mixed step is captured only when its shape
 * comes again (a server's fixed-size prompts, a benchmark's repeated trace): a shape seen
 * once would pay the capture and never replay it.
 */
public enum CudaGraphs {
    /** Every step node by node. */
    OFF,
    /** Decode steps captured and replayed; prefill and mixed steps node by node. */
    DECODE,
    /** Decode steps, and prefill or mixed step shapes once they repeat. */
    ON;

    /** The option's value, {@code on}, {@code decode} or {@code off}. */
    public static CudaGraphs parse(String value) {
        return switch (value) {
            case "on" -> ON;
            case "decode" -> DECODE;
            case "off" -> OFF;
            default -> throw new UserError("--cuda-graphs: '" + value + "' is not on, decode or off");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
