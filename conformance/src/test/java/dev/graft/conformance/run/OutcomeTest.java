package dev.graft.conformance.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutcomeTest {
    @Test
    void errorsAgreeWhateverTheirMessage() {
        assertTrue(Outcome.answered("(error \"unknown definition P\")")
                .agreesWith(Outcome.answered("(error \"P is not defined\")")));
    }

    @Test
    void everythingElseMustBeIdentical() {
        assertTrue(Outcome.answered("(ok (() ()))").agreesWith(Outcome.answered("(ok (() ()))")));
        assertFalse(Outcome.answered("(ok (() ()))").agreesWith(Outcome.answered("(ok (()))")));
        assertFalse(Outcome.answered("(ok ())").agreesWith(Outcome.answered("(ok ()) ")));
        assertFalse(Outcome.answered("(exhausted)").agreesWith(Outcome.answered("(error \"exhausted\")")));
    }

    @Test
    void aFaultNeverAgrees() {
        assertFalse(Outcome.faulted("hung").agreesWith(Outcome.faulted("hung")));
        assertFalse(Outcome.answered("(ok ())").agreesWith(Outcome.faulted("crashed")));
    }
}
