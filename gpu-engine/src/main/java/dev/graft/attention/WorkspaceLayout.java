package dev.graft.attention;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The byte layout of an attention workspace: named regions, each aligned to
 * {@link #ALIGNMENT} bytes, back to back. Made by {@link AttentionPlan#workspaceLayout}
 * (a dry run that only sizes), checked against the memory at hand before anything is
 * launched, and read by the backend to find each region.
 */
public final class WorkspaceLayout {
    /** Region alignment in bytes: enough for 16-byte vector access and cache lines. */
    public static final int ALIGNMENT = 256;

    /** A region of {@code bytes} bytes at {@code offset}. */
    public record Region(String name, long offset, long bytes) {
    }

    private final List<Region> regions = new ArrayList<>();
    private long size;

    /** Appends a region; names must be unique. */
    public WorkspaceLayout add(String name, long bytes) {
        if (bytes < 0) {
            throw new AttentionInputException("workspace region " + name + " has negative size " + bytes);
        }
        for (Region r : regions) {
            if (r.name().equals(name)) {
                throw new AttentionInputException("workspace region " + name + " declared twice");
            }
        }
        regions.add(new Region(name, size, bytes));
        size += (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        return this;
    }

    public Region region(String name) {
        for (Region r : regions) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new AttentionInputException("workspace has no region " + name);
    }

    public List<Region> regions() {
        return Collections.unmodifiableList(regions);
    }

    public long sizeBytes() {
        return size;
    }

    /** Refuses a workspace larger than the memory it would go in ("out of device memory"). */
    public void requireFits(long availableBytes, String where) {
        if (size > availableBytes) {
            throw new AttentionInputException("out of device memory: " + where + " needs a workspace of "
                    + size + " bytes, only " + availableBytes + " are available");
        }
    }
}
