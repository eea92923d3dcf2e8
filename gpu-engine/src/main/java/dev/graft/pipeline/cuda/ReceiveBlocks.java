package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.PrimaryContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receive blocks of one link, from one pipeline device to another: device memory
 * on the receiving GPU, allocated the first time a message needs a block of its size
 * and reused by later messages of that size, across microbatches and steps, so that a
 * step allocates nothing once the link has seen the step's largest number of messages
 * in flight. Lifetime rules: {@link ReceiveBlock}. Freed when the devices close. Used by
 * the link's receiving thread (which takes blocks) and the receiving worker (which gives
 * them back). The block given back longest ago is reused first: the copy out of it has
 * most likely run, so the transfer into it waits least.
 */
final class ReceiveBlocks {
    private final PrimaryContext device;
    private final Map<Long, Deque<ReceiveBlock>> free = new HashMap<>();
    private final List<ReceiveBlock> all = new ArrayList<>();

    ReceiveBlocks(PrimaryContext device) {
        this.device = device;
    }

    /** A block of {@code bytes} bytes for one message's tensor, marked in use; a new one if none is free. */
    ReceiveBlock take(long bytes) {
        ReceiveBlock block;
        synchronized (this) {
            block = free.computeIfAbsent(bytes, b -> new ArrayDeque<>()).pollFirst();
        }
        if (block == null) {
            block = new ReceiveBlock(new DeviceBytes(device, bytes), this);
            synchronized (this) {
                all.add(block);
            }
        }
        block.take();
        return block;
    }

    synchronized void giveBack(ReceiveBlock block) {
        free.computeIfAbsent(block.data().bytes(), b -> new ArrayDeque<>()).addLast(block);
    }

    /** How many blocks this link has allocated so far. */
    synchronized int allocated() {
        return all.size();
    }

    /** Frees every block; only when no transfer or copy can still use one. */
    synchronized void free() {
        all.forEach(ReceiveBlock::free);
        all.clear();
        free.clear();
    }
}
