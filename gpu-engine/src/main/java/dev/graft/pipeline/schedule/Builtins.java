package dev.graft.pipeline.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The built-in schedules by the names the CLI and schedule files use. */
public enum Builtins {
    GPIPE("gpipe"),
    ONE_F_ONE_B("1f1b"),
    INTERLEAVED("interleaved"),
    ZB_H1("zbh1");

    private final String cliName;

    Builtins(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** p devices, v stages per device (used by interleaved only; the others have v=1), m microbatches. */
    public Schedule build(int devices, int virtualStages, int microbatches) {
        return switch (this) {
            case GPIPE -> GPipe.build(devices, microbatches);
            case ONE_F_ONE_B -> OneFOneB.build(devices, microbatches);
            case INTERLEAVED -> Interleaved1F1B.build(devices, virtualStages, microbatches);
            case ZB_H1 -> ZeroBubbleH1.build(devices, microbatches);
        };
    }

    /** Stages per device of the built schedule. */
    public int stagesPerDevice(int virtualStages) {
        return this == INTERLEAVED ? virtualStages : 1;
    }

    public static Builtins byName(String name) {
        for (Builtins b : values()) {
            if (b.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new ScheduleError("unknown schedule '" + name + "'; built-in schedules are "
                + Arrays.stream(values()).map(Builtins::cliName).collect(Collectors.joining(", "))
                + ", or give a .json file");
    }

    /** Bubble of a schedule that fills and drains the pipeline once per step: (p−1)/(m+p−1). */
    static double flushBubble(int devices, int microbatches) {
        return (devices - 1) / (double) (microbatches + devices - 1);
    }

    static void requirePositive(String schedule, int devices, int microbatches) {
        if (devices < 1 || microbatches < 1) {
            throw new ScheduleError(schedule + " needs at least one device and one microbatch (got p="
                    + devices + ", m=" + microbatches + ")");
        }
    }
}
