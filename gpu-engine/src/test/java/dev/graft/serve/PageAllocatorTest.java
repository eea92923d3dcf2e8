package dev.graft.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageAllocatorTest {

    @Test
    void refusalNamesTheRequestAndTheShortfall() {
        PageAllocator alloc = new PageAllocator(4, 16);
        alloc.ensureCapacity(1, 40);
        OutOfPagesException e = assertThrows(OutOfPagesException.class, () -> alloc.ensureCapacity(2, 33));
        assertEquals("request 2 needs 3 more pages for 33 tokens, 1 of 4 are free", e.getMessage());
        assertEquals(3, alloc.release(1));
        assertEquals(4, alloc.freePages());
    }
}
