package dev.graft.serve;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hands out the pages of a paged KV cache to requests. A request owns an ordered list of
 * pages (its token t lives in page {@code pages[t / pageSize]} at offset
 * {@code t % pageSize}); it grows the list as it needs room and gives every page back at
 * once when it ends. Growth is all or nothing, so a request never holds part of what it
 * asked for, and a page is owned by at most one request at a time.
 *
 * <p>Not thread-safe: the serving loop owns it.
 */
public final class PageAllocator {
    private final int numPages;
    private final int pageSize;
    /** Free page ids; the most recently freed page is reused first (it is likely still in cache). */
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private final Map<Integer, int[]> owned = new HashMap<>();

    public PageAllocator(int numPages, int pageSize) {
        if (numPages <= 0 || pageSize <= 0) {
            throw new IllegalArgumentException("page allocator: need a positive page count and page size, got "
                    + numPages + " pages of " + pageSize + " tokens");
        }
        this.numPages = numPages;
        this.pageSize = pageSize;
        for (int p = numPages - 1; p >= 0; p--) {
            free.push(p);
        }
    }

    public int numPages() {
        return numPages;
    }

    public int pageSize() {
        return pageSize;
    }

    public int freePages() {
        return free.size();
    }

    /** Pages needed to hold {@code tokens} tokens. */
    public int pagesFor(int tokens) {
        return (tokens + pageSize - 1) / pageSize;
    }

    /** Whether {@code tokens} tokens could ever fit, with every page free. */
    public boolean fitsInCache(int tokens) {
        return pagesFor(tokens) <= numPages;
    }

    /** Whether {@code request} could grow to {@code tokens} tokens now. */
    public boolean canHold(int request, int tokens) {
        return pagesFor(tokens) - pages(request).length <= free.size();
    }

    /**
     * Grows {@code request}'s pages to hold {@code tokens} tokens (a request it has not
     * seen starts with none). Takes nothing when the free pages do not suffice.
     *
     * @throws OutOfPagesException when too few pages are free now
     */
    public void ensureCapacity(int request, int tokens) {
        int[] have = pages(request);
        int missing = pagesFor(tokens) - have.length;
        if (missing <= 0) {
            return;
        }
        if (missing > free.size()) {
            throw new OutOfPagesException("request " + request + " needs " + missing + " more pages for "
                    + tokens + " tokens, " + free.size() + " of " + numPages + " are free");
        }
        int[] grown = Arrays.copyOf(have, have.length + missing);
        for (int i = have.length; i < grown.length; i++) {
            grown[i] = free.pop();
        }
        owned.put(request, grown);
    }

    /** The request's pages in token order (empty when it holds none); a copy. */
    public int[] pages(int request) {
        int[] p = owned.get(request);
        return p == null ? new int[0] : p.clone();
    }

    /** Gives back every page of {@code request}; returns how many. */
    public int release(int request) {
        int[] p = owned.remove(request);
        if (p == null) {
            return 0;
        }
        for (int page : p) {
            free.push(page);
        }
        return p.length;
    }

    /** The requests that hold pages. */
    public Set<Integer> owners() {
        return Collections.unmodifiableSet(owned.keySet());
    }
}
