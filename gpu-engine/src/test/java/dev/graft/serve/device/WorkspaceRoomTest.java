package dev.graft.serve.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.attention.AttentionPlan;
import dev.graft.attention.AttentionPlanner;
import dev.graft.attention.DeviceShape;
import dev.graft.attention.HeadConfig;
import dev.graft.attention.KvDType;
import dev.graft.attention.PlanConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workspace's room against the planner's real plans for the serving benchmark's
 * shapes (mid: 16 query / 4 KV heads of 128, H100's 132 multiprocessors): once a pass of a
 * trace has run, the same trace again never moves the workspace, so no captured graph is
 * retired and the timed pass captures nothing.
 */
class WorkspaceRoomTest {
    private static final HeadConfig HEADS = new HeadConfig(16, 4, 128, KvDType.BF16);
    private static final DeviceShape H100 = new DeviceShape(132, 8);
    /** As AttentionKernels plans them: the decode kernel one query row per item, one CTA per KV head. */
    private static final PlanConfig DECODE = new PlanConfig(1, 4, 32, H100, true);
    /** The Hopper prefill kernel: 128 query rows per item, one CTA per query head, 128-key tiles. */
    private static final PlanConfig PREFILL = new PlanConfig(128, 16, 128, new DeviceShape(132, 1), true);

    /** A static batch of {@code batch} requests, {@code prompt} tokens each, then {@code prompt} decode steps. */
    private static List<AttentionPlan> staticBatch(int batch, int prompt) {
        List<AttentionPlan> plans = new ArrayList<>();
        int[] prompts = new int[batch];
        Arrays.fill(prompts, prompt);
        plans.add(AttentionPlanner.plan(prompts, prompts, true, PREFILL));
        int[] ones = new int[batch];
        Arrays.fill(ones, 1);
        for (int kv = prompt + 1; kv < 2 * prompt; kv++) {
            int[] lens = new int[batch];
            Arrays.fill(lens, kv);
            plans.add(AttentionPlanner.plan(ones, lens, true, DECODE));
        }
        return plans;
    }

    private static int moves(WorkspaceRoom room, List<AttentionPlan> plans) {
        int moved = 0;
        for (AttentionPlan plan : plans) {
            if (room.fit(plan)) {
                moved++;
            }
            assertTrue(room.layout().sizeBytes() >= plan.workspaceLayout(HEADS).sizeBytes());
        }
        return moved;
    }

    @Test
    void aSecondPassOfTheSameTraceNeverMovesTheWorkspace() {
        for (int[] shape : new int[][] {{32, 128}, {16, 64}, {1, 512}, {64, 32}}) {
            WorkspaceRoom room = new WorkspaceRoom(shape[0] * shape[1], HEADS);
            List<AttentionPlan> pass = staticBatch(shape[0], shape[1]);
            assertTrue(moves(room, pass) >= 1);
            int generation = room.generation();
            assertEquals(0, moves(room, pass), "B=" + shape[0] + " P=" + shape[1]);
            assertEquals(generation, room.generation());
        }
    }

    @Test
    void prefillAndDecodePlansStopMovingItOnceEachHasBeenSeen() {
        // A chunk of a long prompt splits its KV (many partial rows), a wide decode batch many items:
        // the room they need differs in kind, and alternating them must not move it back and forth.
        AttentionPlan longChunk = AttentionPlanner.plan(new int[] {256}, new int[] {8192}, true, PREFILL);
        int[] ones = new int[256];
        Arrays.fill(ones, 1);
        int[] lens = new int[256];
        Arrays.fill(lens, 2048);
        AttentionPlan wideDecode = AttentionPlanner.plan(ones, lens, true, DECODE);
        assertTrue(longChunk.partialRows() > wideDecode.partialRows() || wideDecode.numItems() > longChunk.numItems());
        WorkspaceRoom room = new WorkspaceRoom(4096, HEADS);
        room.fit(longChunk);
        room.fit(wideDecode);
        int generation = room.generation();
        for (int i = 0; i < 4; i++) {
            assertFalse(room.fit(longChunk));
            assertFalse(room.fit(wideDecode));
        }
        assertEquals(generation, room.generation());
    }

    @Test
    void noLayoutBeforeTheFirstPlan() {
        WorkspaceRoom room = new WorkspaceRoom(16, HEADS);
        assertEquals(0, room.generation());
        assertEquals(null, room.layout());
    }
}
