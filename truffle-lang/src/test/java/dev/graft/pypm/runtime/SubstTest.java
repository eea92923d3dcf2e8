package dev.graft.pypm.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SubstTest {
    private final Slot x = new Slot("x");
    private final Slot y = new Slot("y");

    @Test
    void queryVariablesAreFoundUnderAnyNumberOfLaterBindings() {
        Subst s = Subst.EMPTY.bind(x, "a");
        for (int i = 0; i < 100; i++) {
            s = s.bind(new Slot("h", s), "b" + i);
        }
        assertEquals("a", s.lookup(x));
        assertNull(s.lookup(y));
    }

    @Test
    void aFreshSlotIsFoundWhereverItsBodyBoundIt() {
        Subst entered = Subst.EMPTY.bind(x, "a");
        Slot fresh = new Slot("h", entered);
        assertNull(entered.lookup(fresh));
        Subst s = entered.bind(fresh, "t").bind(y, "u");
        assertEquals("t", s.lookup(fresh));
        assertEquals("a", s.lookup(x));
    }

    @Test
    void restoringAFreshSlotDropsOnlyItsBindingAndSharesWhatCameBefore() {
        Subst entered = Subst.EMPTY.bind(x, "a");
        Slot fresh = new Slot("h", entered);
        Subst s = entered.bind(fresh, "t").bind(y, "u");
        Subst restored = s.without(fresh);
        assertNull(restored.lookup(fresh));
        assertEquals("u", restored.lookup(y));
        assertEquals("a", restored.lookup(x));
        assertSame(entered, restored.without(y).without(fresh));
    }

    @Test
    void restoringAnUnboundFreshSlotGivesTheSameSubstitution() {
        Subst entered = Subst.EMPTY.bind(x, "a");
        Slot fresh = new Slot("h", entered);
        Subst s = entered.bind(y, "u");
        assertSame(s, s.without(fresh));
    }

    @Test
    void nestedActivationsEachSeeOnlyTheirOwnLocal() {
        Subst s = Subst.EMPTY;
        Slot[] locals = new Slot[50];
        for (int depth = 0; depth < locals.length; depth++) {
            locals[depth] = new Slot("h", s);
            assertNull(s.lookup(locals[depth]));
            s = s.bind(locals[depth], depth);
        }
        for (int depth = locals.length - 1; depth >= 0; depth--) {
            assertEquals(depth, s.lookup(locals[depth]));
            s = s.without(locals[depth]);
        }
        assertSame(Subst.EMPTY, s);
    }
}
