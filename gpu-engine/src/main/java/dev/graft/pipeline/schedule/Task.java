package dev.graft.pipeline.schedule;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One unit of pipeline work: {@code kind} of microbatch {@code microbatch} on stage
 * {@code stage}. Written {@code F(stage,microbatch)}, the same in schedule files and
 * in error messages, so an error can be found in the file it complains about.
 */
public record Task(int stage, int microbatch, TaskKind kind) {

    private static final Pattern TEXT = Pattern.compile("\\s*([FBW])\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)\\s*");

    public static Task f(int stage, int microbatch) {
        return new Task(stage, microbatch, TaskKind.F);
    }

    public static Task b(int stage, int microbatch) {
        return new Task(stage, microbatch, TaskKind.B);
    }

    public static Task w(int stage, int microbatch) {
        return new Task(stage, microbatch, TaskKind.W);
    }

    /** Parses {@code F(1,3)}; {@code where} names the place of the text for the error message. */
    public static Task parse(String text, String where) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new ScheduleError(where + ": '" + text + "' is not a task; expected KIND(stage,microbatch)"
                    + " with KIND one of F, B, W, e.g. F(0,3)");
        }
        try {
            return new Task(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    TaskKind.valueOf(m.group(1)));
        } catch (NumberFormatException e) {
            throw new ScheduleError(where + ": '" + text + "' has a stage or microbatch out of range");
        }
    }

    /** The same task with another kind: the F that a B needs, the B that a W needs. */
    public Task as(TaskKind other) {
        return new Task(stage, microbatch, other);
    }

    @Override
    public String toString() {
        return kind + "(" + stage + "," + microbatch + ")";
    }
}
