package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A term read from text already in the canonical wire form keeps that text, which
 * answers copy and equality compares; any departure from the form (spacing, attribute
 * order, an integer's spelling) means it is written and compared as a tree instead,
 * with the same results.
 */
class CanonicalTextTest {
    private static final String CANONICAL = "(f ((a (list -3 0 \"x y\" (list))) (b 7)) (g ()) (h ((n 12)) (k ())))";

    /** The same term, each spelled differently from the canonical form in one place. */
    private static final List<String> RESPELLED = List.of(
            "(f ((a (list -3 0 \"x y\" (list))) (b 7))  (g ()) (h ((n 12)) (k ())))",
            "( f ((a (list -3 0 \"x y\" (list))) (b 7)) (g ()) (h ((n 12)) (k ())))",
            "(f((a (list -3 0 \"x y\" (list))) (b 7)) (g ()) (h ((n 12)) (k ())))",
            "(f ((a (list -3 0 \"x y\" (list))) (b 7)) (g ()) (h ((n 12)) (k ()) ))",
            "(f ((b 7) (a (list -3 0 \"x y\" (list)))) (g ()) (h ((n 12)) (k ())))",
            "(f ((a (list -3 -0 \"x y\" (list))) (b 7)) (g ()) (h ((n 012)) (k ())))",
            "(f ((a (list  -3 0 \"x y\" (list ))) (b\t7)) (g ()) (h ((n 12)) (k ())))",
            "(f ((a (list -3 0 \"x y\" (list))) (b 7)) (g ( )) (h ((n 12))\n(k ())))");

    private static ScannedTerm scan(String text) {
        return (ScannedTerm) new TermScanner(text.toCharArray(), 0, text.length(), new AtomTable(16)).term();
    }

    @Test
    void onlyTheCanonicalSpellingKeepsItsText() {
        ScannedTerm canonical = scan(CANONICAL);
        assertTrue(canonical.hasText());
        assertEquals(CANONICAL, Terms.toWire(canonical));
        for (String text : RESPELLED) {
            ScannedTerm term = scan(text);
            assertFalse(term.hasText(), text);
            assertEquals(CANONICAL, Terms.toWire(term), text);
            assertTrue(Terms.equal(canonical, term) && Terms.equal(term, canonical), text);
        }
    }

    @Test
    void aCanonicalChildOfARespelledTermKeepsItsText() {
        ScannedTerm term = scan("(f  ((b 7)) (h ((n 12)) (k ())))");
        assertFalse(term.hasText());
        assertTrue(((ScannedTerm) term.child(0)).hasText());
    }

    @Test
    void answersAndNonlinearMatchesAreTheSameWhateverTheSpelling() {
        CoreMode core = new CoreMode();
        String expected = "(ok (((x " + CANONICAL + "))))";
        String different = CANONICAL.replace("(b 7)", "(b 8)");
        for (String text : RESPELLED) {
            assertEquals(expected, core.answer("(match () (op pair (var x) (var x)) (pair () " + CANONICAL + " " + text
                    + ") 5)"), text);
            assertEquals(expected, core.answer("(match () (var x) " + text + " 5)"), text);
            assertEquals("(ok ())", core.answer("(match () (op pair (var x) (var x)) (pair () " + text + " " + different
                    + ") 5)"), text);
        }
        assertEquals("(ok ())", core.answer("(match () (op pair (var x) (var x)) (pair () " + CANONICAL + " " + different
                + ") 5)"));
    }
}
