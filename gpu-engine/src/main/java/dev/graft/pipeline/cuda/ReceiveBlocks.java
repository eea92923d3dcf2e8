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
 * on the receiving GPU, allocated when a message needs a block of its size and none is
 * free, and reused by later messages of that size, across microbatches and steps, so
 * that once the link has seen a step's largest number of messages in use at once a step
 * allocates nothing. A block is in use from the transfer into it until the receiving
 * worker frees the value it became (the worker reads it in place). Lifetime rules:
 * {@link ReceiveBlock}. A free block is reused only once the reads of its last message
 * have run: a transfer into a block whose readers are still queued behind the receiver's
 * computation would wait for that computation, and so would the sender's stream, which
 * carries the matching ncclSend, so the sender would stall on the receiver; a new block
 * is allocated instead (the steady state needs a few more blocks, and no wait). Freed
 * when the devices close. Used by the link's receiving thread (which takes blocks) and
 * the receiving worker (whose freed values give them back).
 */
final class ReceiveBlocks {
    private final PrimaryContext device;
    private final Map<Long, Deque<ReceiveBlock>> free = new HashMap<>();
    private final List<ReceiveBlock> all = new ArrayList<>();
    private long taken;

    ReceiveBlocks(PrimaryContext device) {
        this.device = device;
    }

    /** A block of {@code bytes} bytes for one message's tensor, marked in use; a new one if none is ready. */
    ReceiveBlock take(long bytes) {
        ReceiveBlock block = null;
        synchronized (this) {
            taken++;
            Deque<ReceiveBlock> sized = free.computeIfAbsent(bytes, b -> new ArrayDeque<>());
            for (ReceiveBlock b : sized) {
                if (b.readersDone()) {
                    block = b;
                    sized.remove(b);
                    break;
                }
            }
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

    /** How many times a message took a block. */
    synchronized long taken() {
        return taken;
    }

    /** Frees every block; only when no transfer or copy can still use one. */
    synchronized void free() {
        all.forEach(ReceiveBlock::free);
        all.clear();
        free.clear();
    }
}
