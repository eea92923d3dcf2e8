package dev.graft.pipeline.trace;

import dev.graft.pipeline.schedule.TaskKind;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a timeline as a PNG: one row per device, one box per task coloured by
 * kind (F blue, B green, W orange) and labelled with its microbatch, gaps are the
 * bubble. Runs headless, so it works on build machines without a display.
 */
public final class TimelineChart {
    private static final int WIDTH = 1400;
    private static final int ROW = 36;
    private static final int LEFT = 90;
    private static final int TOP = 34;
    private static final int RIGHT = 20;

    private TimelineChart() {
    }

    public static void writePng(Timeline timeline, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int height = TOP + ROW * timeline.devices() + 30;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%s    makespan %.3f ms    bubble %.1f%%", title,
                    timeline.makespanNanos() / 1e6, 100 * timeline.bubbleFraction()), LEFT, 20);
            for (int d = 0; d < timeline.devices(); d++) {
                g.setColor(Color.BLACK);
                g.drawString("device " + d, 10, TOP + d * ROW + ROW / 2 + 4);
                g.setColor(new Color(0xEEEEEE));
                g.fillRect(LEFT, TOP + d * ROW + 2, WIDTH - LEFT - RIGHT, ROW - 4);
            }
            drawSpans(g, timeline);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawSpans(Graphics2D g, Timeline timeline) {
        double scale = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, timeline.makespanNanos());
        long origin = timeline.startNanos();
        FontMetrics fm = g.getFontMetrics();
        for (TaskSpan s : timeline.spans()) {
            int x0 = LEFT + (int) Math.round((s.startNanos() - origin) * scale);
            int x1 = LEFT + (int) Math.round((s.endNanos() - origin) * scale);
            int y = TOP + s.device() * ROW + 2;
            int w = Math.max(1, x1 - x0);
            g.setColor(colour(s.task().kind()));
            g.fillRect(x0, y, w, ROW - 4);
            g.setColor(Color.WHITE);
            g.drawRect(x0, y, w, ROW - 4);
            String label = s.task().stage() + "." + s.task().microbatch();
            if (fm.stringWidth(label) + 2 < w) {
                g.setColor(Color.BLACK);
                g.drawString(label, x0 + (w - fm.stringWidth(label)) / 2, y + ROW / 2 + 2);
            }
        }
    }

    private static Color colour(TaskKind kind) {
        return switch (kind) {
            case F -> new Color(0x6FA8DC);
            case B -> new Color(0x93C47D);
            case W -> new Color(0xF6B26B);
        };
    }
}
