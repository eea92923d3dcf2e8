package dev.graft.pipeline.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Schedules in JSON, one task list per device, tasks written as in error messages:
 * <pre>{@code
 * { "name": "my-1f1b", "stages": 2, "microbatches": 2,
 *   "devices": [ ["F(0,0)", "F(0,1)", "B(0,0)", "B(0,1)"],
 *                ["F(1,0)", "B(1,0)", "F(1,1)", "B(1,1)"] ] }
 * }</pre>
 * Reading checks the form only; {@link ScheduleChecker} checks the content.
 */
public final class ScheduleFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("name", "stages", "microbatches", "devices");

    private ScheduleFile() {
    }

    public static Schedule read(Path file) {
        String where = file.toString();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new ScheduleError(where + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ScheduleError(where + ": cannot read schedule file: " + e.getMessage());
        }
        return parse(root, where);
    }

    static Schedule parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) {
            throw new ScheduleError(where + ": a schedule file holds one JSON object with fields " + FIELDS);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new ScheduleError(where + ": unknown field '" + field + "'; expected " + FIELDS);
            }
        }
        String name = root.has("name") ? root.get("name").asText() : fileName(where);
        int stages = count(root, "stages", where);
        int microbatches = count(root, "microbatches", where);
        JsonNode devices = root.get("devices");
        if (devices == null || !devices.isArray() || devices.isEmpty()) {
            throw new ScheduleError(where + ": 'devices' must be a non-empty array with one task list per device");
        }
        List<List<Task>> lists = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) {
            JsonNode list = devices.get(d);
            if (!list.isArray()) {
                throw new ScheduleError(where + ": devices[" + d + "] must be an array of tasks like \"F(0,1)\"");
            }
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                String at = where + ": devices[" + d + "][" + i + "]";
                if (!item.isTextual()) {
                    throw new ScheduleError(at + ": expected a task string like \"F(0,1)\", got " + item);
                }
                tasks.add(Task.parse(item.asText(), at));
            }
            lists.add(tasks);
        }
        return Schedule.custom(name, stages, microbatches, lists);
    }

    public static void write(Schedule schedule, Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", schedule.name());
        root.put("stages", schedule.stages());
        root.put("microbatches", schedule.microbatches());
        ArrayNode devices = root.putArray("devices");
        for (List<Task> list : schedule.devices()) {
            ArrayNode tasks = devices.addArray();
            list.forEach(t -> tasks.add(t.toString()));
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static int count(JsonNode root, String field, String where) {
        JsonNode n = root.get(field);
        if (n == null || !n.isInt() || n.asInt() < 1) {
            throw new ScheduleError(where + ": '" + field + "' must be a positive integer"
                    + (n == null ? " (missing)" : " (got " + n + ")"));
        }
        return n.asInt();
    }

    private static String fileName(String where) {
        return Path.of(where).getFileName().toString();
    }
}
