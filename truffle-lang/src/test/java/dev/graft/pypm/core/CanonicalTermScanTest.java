package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The canonical scan takes exactly the writer's spelling of terms with integer
 * attributes, and records the same nodes as the token reader's tree; on anything else
 * it gives up, and the general scan (or the token reader, for an error) reads the term.
 */
class CanonicalTermScanTest {
    private static final String[] NAMES = {"a", "b", "node", "leaf", "x1", "_t", "A.b", "c'", "ab", "s"};

    /** The root the canonical scan finds in the text, or -1. */
    private static int fast(String text, ScannedTerms terms) {
        char[] chars = text.toCharArray();
        terms.reuse(chars, chars.length);
        return CanonicalTermScan.scan(terms, chars, 0, chars.length);
    }

    private static ScannedTerms storage() {
        return new ScannedTerms(new char[0], new AtomTable(64), 1);
    }

    /** Checks every node against the token reader's term: op, attributes, arity, and the canonical text kept. */
    private static void assertSameAtEveryNode(Term read, ScannedTerm scanned) {
        assertTrue(scanned.hasText());
        WireBuffer text = new WireBuffer();
        scanned.appendText(text);
        assertEquals(Terms.toWire(read), text.toString());
        assertEquals(read.op(), scanned.op());
        assertEquals(read.attributes(), scanned.attributes());
        assertEquals(read.arity(), scanned.arity());
        for (int i = 0; i < read.arity(); i++) {
            assertSameAtEveryNode(read.child(i), (ScannedTerm) scanned.child(i));
        }
    }

    @Test
    void randomTermsInTheWritersSpellingAreTakenWithEveryNodeAsTheTokenReaderReadsIt() {
        Random random = new Random(20261126);
        ScannedTerms reused = storage();
        for (int i = 0; i < 2000; i++) {
            String text = Terms.toWire(randomTerm(random, 1 + random.nextInt(6)));
            ScannedTerms terms = i % 2 == 0 ? reused : storage();
            int root = fast(text, terms);
            assertEquals(0, root, text);
            assertEquals(text.length(), terms.end(root), text);
            assertSameAtEveryNode(WireReader.term(text), terms.term(root));
        }
    }

    private static Term randomTerm(Random random, int depth) {
        int attributeCount = random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(2);
        List<String> names = new ArrayList<>();
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < attributeCount; i++) {
            String name = NAMES[random.nextInt(NAMES.length)];
            if (!names.contains(name)) {
                names.add(name);
                values.add(IntValue.of(randomInteger(random)));
            }
        }
        Attributes attributes = Attributes.sortInPlace(names.toArray(new String[0]), values.toArray(new Value[0]));
        int arity = depth <= 1 ? 0 : random.nextInt(4);
        Term[] children = new Term[arity];
        for (int i = 0; i < arity; i++) {
            children[i] = randomTerm(random, depth - 1);
        }
        return TreeTerm.owning(NAMES[random.nextInt(NAMES.length)], attributes, children);
    }

    private static long randomInteger(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -random.nextInt(100);
            case 2 -> random.nextLong() / 10;
            case 3 -> 999_999_999_999_999_999L;
            default -> random.nextInt(10);
        };
    }

    @Test
    void anyOtherTextMakesItGiveUpAndTheTermIsReadAsBefore() {
        ScannedTerms terms = storage();
        for (String text : List.of("(f ((b 1) (ab 2)))", "(f ((a 1) (a 2)))",
                "(f ((a 1234567890123456789)))", "(f ((a -0)))", "(f ((a 01)))", "(f ((a 1)(b 2)))", "(f ((a 1) ))",
                "(f ( (a 1)))", "(f ((a  1)))", "(f ((a 1) (b \"x\")))", "(f ((a (list 1))))", "(f ((a 1.5)))",
                "(f ((a 1a)))", "(f ((a -)))", "(f ((1 2)))", "( f ())", "(f  ())", "(f())", "(f ()  (g ()))",
                "(f () (g ()) )", "(f ()\t(g ()))", "(f () (g ())(h ()))", "(f ()", "(f () (g ())",
                "(f () g)", "(1 ())", "(f (x))", "(é ())", "(f ((é 1)))", "f ()", "")) {
            assertEquals(-1, fast(text, terms), text);
        }
    }

    @Test
    void theTermEndsAtItsRootsBracketWhateverFollows() {
        ScannedTerms terms = storage();
        for (String text : List.of("(f () (g ((k 1))))) 5)", "(f () (g ((k 1)))) junk", "(f () (g ((k 1))))")) {
            int root = fast(text, terms);
            assertEquals(0, root, text);
            assertEquals("(f () (g ((k 1))))".length(), terms.end(root), text);
        }
    }

    @Test
    void aRespelledTermIsStillReadAndKeepsNoCanonicalText() {
        String text = "(f ()  (g ((k 1))) (h ((b 2) (a 1))))";
        Term scanned = new TermScanner(text.toCharArray(), 0, text.length(), new AtomTable(16)).term();
        assertEquals(WireReader.term(text), scanned);
        assertTrue(!((ScannedTerm) scanned).hasText() && ((ScannedTerm) scanned.child(0)).hasText());
    }

    @Test
    void deepTermsAreTakenWithoutTheJavaStack() {
        int depth = 200_000;
        String text = "(s () ".repeat(depth) + "(z ((n 1)))" + ")".repeat(depth);
        ScannedTerms terms = storage();
        int root = fast(text, terms);
        assertEquals(0, root);
        Term t = terms.term(root);
        for (int i = 0; i < depth; i++) {
            assertEquals(1, t.arity());
            t = t.child(0);
        }
        assertEquals(WireReader.term("(z ((n 1)))"), t);
    }

    @Test
    void malformedRequestsAreStillReportedByTheWireReader() {
        CoreMode core = new CoreMode();
        assertEquals("(error \"malformed request: integer 12345678901234567890 does not fit in 64 bits at column 26\")",
                core.answer("(match () (var x) (f ((a 12345678901234567890))) 5)"));
        assertEquals("(error \"malformed request: expected a term '(OP ((name value) ...) term ...)', found 'g' at column 25\")",
                core.answer("(match () (var x) (f () g) 5)"));
        assertEquals("(error \"malformed request: expected a value (INT, \\\"string\\\" or (list ...)), found ')' at column 25\")",
                core.answer("(match () (var x) (f ((a))) 5)"));
    }
}
