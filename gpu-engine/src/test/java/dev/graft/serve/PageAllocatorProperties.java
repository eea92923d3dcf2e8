package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class PageAllocatorProperties {

    /** Grow request r to t tokens (t >= 0), or release r (t < 0). */
    record Op(int request, int tokens) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(-10, 60)).as(Op::new);
        return op.list().ofMaxSize(80);
    }

    @Property
    void neverHandsOutAPageTwiceAndFreesEverything(@ForAll("ops") List<Op> ops,
                                                   @ForAll @IntRange(min = 1, max = 12) int numPages,
                                                   @ForAll @IntRange(min = 1, max = 8) int pageSize) {
        PageAllocator alloc = new PageAllocator(numPages, pageSize);
        for (Op op : ops) {
            if (op.tokens() < 0) {
                alloc.release(op.request());
            } else {
                int[] before = alloc.pages(op.request());
                int freeBefore = alloc.freePages();
                boolean fits = alloc.canHold(op.request(), op.tokens());
                try {
                    alloc.ensureCapacity(op.request(), op.tokens());
                    assertTrue(fits, "ensureCapacity succeeded where canHold said no");
                    int[] after = alloc.pages(op.request());
                    assertTrue(after.length >= alloc.pagesFor(op.tokens()));
                    for (int i = 0; i < before.length; i++) {
                        assertEquals(before[i], after[i], "a request's existing pages must not move");
                    }
                } catch (OutOfPagesException e) {
                    assertTrue(!fits, "ensureCapacity refused where canHold said yes");
                    assertArrayEquals(before, alloc.pages(op.request()), "a refused growth must take nothing");
                    assertEquals(freeBefore, alloc.freePages());
                }
            }
            checkOwnershipIsExclusive(alloc);
        }
        for (int owner : Set.copyOf(alloc.owners())) {
            alloc.release(owner);
        }
        assertEquals(numPages, alloc.freePages());
        assertTrue(alloc.owners().isEmpty());
    }

    static void checkOwnershipIsExclusive(PageAllocator alloc) {
        Set<Integer> seen = new HashSet<>();
        for (int owner : alloc.owners()) {
            for (int page : alloc.pages(owner)) {
                assertTrue(page >= 0 && page < alloc.numPages(), "page " + page + " outside the cache");
                assertTrue(seen.add(page), "page " + page + " is owned twice");
            }
        }
        assertEquals(alloc.numPages(), seen.size() + alloc.freePages(), "owned + free must be every page");
    }
}
