package dev.graft.pipeline.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a timeline in the Chrome trace-event format (chrome://tracing, Perfetto):
 * one complete event ({@code "ph": "X"}) per task, a track ({@code tid}) per
 * device, times in microseconds from the step's start.
 */
public final class ChromeTrace {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromeTrace() {
    }

    public static void write(Timeline timeline, String stepName, Path file) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson(timeline, stepName));
    }

    static ObjectNode toJson(Timeline timeline, String stepName) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode events = root.putArray("traceEvents");
        for (int d = 0; d < timeline.devices(); d++) {
            ObjectNode meta = events.addObject();
            meta.put("name", "thread_name").put("ph", "M").put("pid", 0).put("tid", d);
            meta.putObject("args").put("name", "device " + d);
        }
        long origin = timeline.startNanos();
        for (TaskSpan s : timeline.spans()) {
            ObjectNode e = events.addObject();
            e.put("name", s.task().toString());
            e.put("cat", s.task().kind().name());
            e.put("ph", "X");
            e.put("pid", 0);
            e.put("tid", s.device());
            e.put("ts", (s.startNanos() - origin) / 1000.0);
            e.put("dur", s.nanos() / 1000.0);
            e.putObject("args").put("stage", s.task().stage()).put("microbatch", s.task().microbatch());
        }
        root.put("displayTimeUnit", "ms");
        root.putObject("otherData").put("step", stepName)
                .put("bubbleFraction", timeline.bubbleFraction());
        return root;
    }
}
