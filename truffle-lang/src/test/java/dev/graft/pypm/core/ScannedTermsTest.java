package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scanned terms are views of one flat record per node: op names, attribute maps and
 * hashes are made from the line when asked for, and must be what the token reader's
 * tree has; the storage of core mode is reused from one request to the next.
 */
class ScannedTermsTest {
    private static Term scan(String text, ScannedTerms reused) {
        return new TermScanner(text.toCharArray(), 0, text.length(), new AtomTable(16), reused).term();
    }

    @Test
    void opNamesAttributesAndHashesAreTheTokenReadersOnesAtEveryNode() {
        // Respelled (no canonical text), so equality and hashing go through ops and attributes.
        String text = "(f ((b \"s\") (a (list 1 (list 2)))) (g ((n 7))) (h ()  (k ((m -3) (l 0)))))";
        Term scanned = scan(text, null);
        Term read = WireReader.term(text);
        assertEqualAtEveryNode(read, scanned);
    }

    private static void assertEqualAtEveryNode(Term expected, Term actual) {
        assertEquals(expected.op(), actual.op());
        assertTrue(actual.hasOp(expected.op()));
        assertFalse(actual.hasOp(expected.op() + "x"));
        assertEquals(expected.attributes(), actual.attributes());
        assertEquals(expected.structuralHash(), actual.structuralHash());
        assertEquals(expected.arity(), actual.arity());
        assertEquals(expected, actual);
        assertEquals(actual, expected);
        for (int i = 0; i < expected.arity(); i++) {
            assertEqualAtEveryNode(expected.child(i), actual.child(i));
        }
    }

    @Test
    void opsThatShareAHashAreStillTold() {
        // "Aa" and "BB" have the same String.hashCode.
        Term scanned = scan("(Aa ())", null);
        assertTrue(scanned.hasOp("Aa"));
        assertFalse(scanned.hasOp("BB"));
    }

    @Test
    void reusedStorageReadsTheNextLineAfresh() {
        ScannedTerms reused = new ScannedTerms(new char[0], new AtomTable(16), 1);
        Term first = scan("(p ((a 1)) (q ()) (q ()))", reused);
        assertEquals(WireReader.term("(p ((a 1)) (q ()) (q ()))"), first);
        String second = "(r ((b  2)) (s ((c 3))))";
        Term term = scan(second, reused);
        assertEqualAtEveryNode(WireReader.term(second), term);
        assertNotEquals(WireReader.term("(p ((a 1)) (q ()) (q ()))"), term);
    }

    @Test
    void memosMadeForAShortLineServeALongerOneAfterTheTablesGrow() {
        ScannedTerms reused = new ScannedTerms(new char[0], new AtomTable(16), 1);
        String shortLine = "(p ((a 1)) (q ((b  2))))";
        assertEqualAtEveryNode(WireReader.term(shortLine), scan(shortLine, reused));
        String longLine = "(r ((c  3)) " + "(q ((d  4))) ".repeat(40) + "(s ((e  5))))";
        Term scanned = scan(longLine, reused);
        Term read = WireReader.term(longLine);
        for (int i = read.arity() - 1; i >= 0; i--) {
            assertEquals(read.child(i).attributes(), scanned.child(i).attributes(), "child " + i);
        }
        assertEqualAtEveryNode(read, scanned);
    }

    @Test
    void childrenAskedForInAnyOrderAreTheRightOnes() {
        String text = "(f () " + "(a ((i 0))) (b ()) (c ((j  1)) (d ())) ".repeat(5) + "(e ()))";
        Term scanned = scan(text, null);
        Term read = WireReader.term(text);
        for (int i : new int[] {3, 0, 15, 2, 2, 14, 1, 7, 6, 0}) {
            assertEquals(read.child(i), scanned.child(i), "child " + i);
            assertEquals(read.child(i).op(), scanned.child(i).op(), "child " + i);
        }
    }

    @Test
    void deepTermsAreReadAndHashedWithoutTheJavaStack() {
        int depth = 200_000;
        String text = "(s () ".repeat(depth) + "(z ( ))" + ")".repeat(depth);
        Term scanned = scan(text, null);
        assertEquals(WireReader.term("(s () (z ()))").child(0).structuralHash(), deepest(scanned, depth).structuralHash());
        assertTrue(scanned.structuralHash() != 0);
    }

    @Test
    void integerAttributeListsKeepTheirTextExactlyWhenItIsTheWritersSpelling() {
        for (String text : List.of("(f ((a 1) (b -2) (c 0)))", "(f ((ab 1) (b 2)))", "(f ((b 1) (ab 2)))",
                "(f ((a 123456789012345678)))", "(f ((a -0)))", "(f ((a 01)))", "(f ((a 1)(b 2)))",
                "(f ((a 1) ))", "(f ( (a 1)))", "(f ((a  1)))", "(f ((a 1) (b \"x\")))", "(f ((a (list 1))))",
                "( f ())", "(f  ())", "(f())", "(f () (g ()))", "(f ()  (g ()))", "(f () (g ()) )", "(f ()\t(g ()))",
                "(f () (g ())(h ()))")) {
            Term scanned = scan(text, null);
            Term read = WireReader.term(text);
            assertEquals(read, scanned, text);
            assertEquals(Terms.toWire(read).equals(text), ((ScannedTerm) scanned).hasText(), text);
        }
    }

    private static Term deepest(Term term, int depth) {
        Term t = term;
        for (int i = 0; i < depth; i++) {
            t = t.child(0);
        }
        return t;
    }
}
