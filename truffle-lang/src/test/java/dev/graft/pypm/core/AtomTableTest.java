package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AtomTableTest {
    @Test
    void theSameCharactersGiveTheSameString() {
        AtomTable table = new AtomTable(8);
        char[] line = "(s () (s ()))".toCharArray();
        String first = table.intern(line, 1, 2);
        assertEquals("s", first);
        assertSame(first, table.intern(line, 7, 8));
    }

    @Test
    void aFullTableStartsOverAndStillGivesTheRightNames() {
        AtomTable table = new AtomTable(8);
        for (int i = 0; i < 100; i++) {
            char[] name = ("n" + i).toCharArray();
            assertEquals("n" + i, table.intern(name, 0, name.length));
            assertSame(table.intern(name, 0, name.length), table.intern(name.clone(), 0, name.length));
        }
    }

    @Test
    void theCapacityIsAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new AtomTable(12));
    }
}
