package dev.graft.pipeline.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.pipeline.schedule.Task;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceOutputTest {
    @TempDir
    Path dir;

    private final Timeline timeline = new Timeline(2, List.of(
            new TaskSpan(0, Task.f(0, 0), 1_000_000, 3_000_000),
            new TaskSpan(1, Task.f(1, 0), 3_000_000, 5_000_000),
            new TaskSpan(1, Task.b(1, 0), 5_000_000, 9_000_000),
            new TaskSpan(0, Task.b(0, 0), 9_000_000, 13_000_000)));

    @Test
    void bubbleIsIdleShareOfDeviceTime() {
        assertEquals(12_000_000, timeline.makespanNanos());
        assertEquals(1 - 12.0 / 24.0, timeline.bubbleFraction(), 1e-12);
    }

    @Test
    void chromeTraceHasOneCompleteEventPerTaskInMicroseconds() throws IOException {
        Path f = dir.resolve("t.json");
        ChromeTrace.write(timeline, "step 1", f);
        JsonNode events = new ObjectMapper().readTree(f.toFile()).get("traceEvents");
        List<JsonNode> tasks = events.valueStream().filter(e -> e.get("ph").asText().equals("X")).toList();
        assertEquals(4, tasks.size());
        JsonNode b1 = tasks.stream().filter(e -> e.get("name").asText().equals("B(1,0)")).findFirst().orElseThrow();
        assertEquals(1, b1.get("tid").asInt());
        assertEquals(4000.0, b1.get("ts").asDouble());
        assertEquals(4000.0, b1.get("dur").asDouble());
        assertEquals(0, b1.get("args").get("microbatch").asInt());
    }

    @Test
    void chartDrawsTasksWhereTheyRan() throws IOException {
        Path f = dir.resolve("t.png");
        TimelineChart.writePng(timeline, "test", f);
        BufferedImage image = ImageIO.read(f.toFile());
        assertEquals(1400, image.getWidth());
        // Device 1 is idle during the first sixth of the step and busy in the middle.
        int row1 = 34 + 36 + 18;
        int idleX = 90 + (1400 - 110) / 12;
        int busyX = 90 + (1400 - 110) / 2;
        assertNotEquals(image.getRGB(idleX, row1), image.getRGB(busyX, row1));
        assertEquals(0xEEEEEE, image.getRGB(idleX, row1) & 0xFFFFFF);
    }
}
