package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request whose program core mode has seen before is not read again, only its term:
 * its answer must be the one a first-time (fully read) request gets, errors included.
 */
class KnownProgramTest {
    private static final String PROGRAM = "((def Nat () (alt (op z) (op s (call Nat))))) (call Nat)";
    private static final String ILL_FORMED = "() (var x 1)";
    /** Brackets and an escaped quote inside a string must not cut the program short. */
    private static final String WITH_STRING = "() (guard (var x) (== (opof x) \"a)b(\\\"c\"))";

    /** Terms after a known program: fine ones, and each way the rest of a request can be wrong. */
    private static final List<String> RESTS = List.of(
            "(s () (z ())) 5)",
            "(s () (z ())) 1)",
            "(s () (z ()) 5)",
            "(s () (z ())) 5) extra",
            "(s () (z ())) -1)",
            "(s () (z ())) 99999999999999999999999)",
            "(s (x) (z ())) 5)",
            "(s ((a 1) (a 2)) (z ())) 5)",
            "(s ((a 99999999999999999999)) (z ())) 5)",
            "(s ((a \"x\\\"y\") (b (list 1 \"q\" (list)))) (z ())) 5)",
            "(s ((a \"x\\qy\")) (z ())) 5)",
            "(s ((a \"unterminated)) (z ())) 5)",
            "(1s () (z ())) 5)",
            "(s () (z ()))5)",
            "(s () z) 5)",
            "");

    @Test
    void aKnownProgramGivesTheAnswerOfAFullRead() {
        for (String program : List.of(PROGRAM, ILL_FORMED, WITH_STRING)) {
            CoreMode warm = new CoreMode();
            warm.answer("(match " + program + " (z ()) 3)");
            for (String rest : RESTS) {
                String request = "(match " + program + " " + rest;
                assertEquals(new CoreMode().answer(request), warm.answer(request), request);
            }
        }
    }

    /**
     * Programs that share their first characters (and so their bin in the index), one the
     * start of another's text, and a line whose query only starts like a known one's:
     * each request gets the answer of a full read, asked in any order.
     */
    @Test
    void programsThatStartAlikeAreToldApart() {
        String step = "(and (alt (var x) (var y)) ";
        List<String> programs = List.of(
                "() " + step + "_)",
                "() " + step + step + "_))",
                "() " + step + step + step + "_)))",
                "((def Nat () (alt (op z) (op s (call Nat))))) _",
                "((def Nat () (alt (op z) (op s (call Nat))))) (call Nat)");
        List<String> rests = List.of("(a ((n 1))) 0)", "(z ()) 3)", "_x (z ()) 3)", "(s () (z ()))5)", "(z ())");
        CoreMode warm = new CoreMode();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < programs.size(); i++) {
                String program = programs.get((i * (round + 2)) % programs.size());
                for (String rest : rests) {
                    String request = "(match " + program + " " + rest;
                    assertEquals(new CoreMode().answer(request), warm.answer(request), request);
                }
            }
        }
    }

    /** More programs than the index keeps: the dropped ones are compiled again when they come back, with the same answers. */
    @Test
    void programsDroppedFromAFullIndexAreReadAgain() {
        CoreMode core = new CoreMode();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 600; i++) {
                String request = "(match () (op pair (var x" + i + ") (var y)) (pair () (a ()) (b ((n " + i + ")))) 0)";
                assertEquals("(ok (((x" + i + " (a ())) (y (b ((n " + i + ")))))))", core.answer(request), request);
            }
        }
    }

    @Test
    void theSkimCutsTheProgramWhereTheFullReadDoes() {
        for (String program : List.of(PROGRAM, WITH_STRING, "()  _", "((def A () (op a)))\t(call A)")) {
            String request = "(match " + program + "  (a ((s \"(\"))) 3)";
            char[] line = request.toCharArray();
            assertEquals(WireReader.request(request).program(),
                    WireReader.skimming(line, line.length, new AtomTable(16)).program().toString(), request);
        }
    }

    @Test
    void aMalformedTermAfterAKnownIllFormedProgramIsReportedAsMalformed() {
        CoreMode core = new CoreMode();
        assertTrue(core.answer("(match " + ILL_FORMED + " (z ()) 3)").startsWith("(error"));
        String answer = core.answer("(match " + ILL_FORMED + " (z () 3)");
        assertTrue(answer.startsWith("(error \"malformed request:"), answer);
    }

    @Test
    void theTermScannerBuildsWhatTheTokenReaderBuilds() {
        String text = "(f ((b \"two words\") (a (list -0 -12 (list)))) (g ()) (h ((n 7)) (k ())))";
        TermScanner scanner = new TermScanner(text.toCharArray(), 0, text.length(), new AtomTable(16));
        Term scanned = scanner.term();
        assertEquals(WireReader.term(text), scanned);
        assertEquals(WireReader.term(text).toString(), scanned.toString());
        assertEquals(text.length(), scanner.position());
    }

    @Test
    void theTermScannerLeavesToTheTokenReaderWhatItDoesNotExpect() {
        for (String text : List.of("(f ((a \"x\\\\y\")))", "(f ((a 1234567890123456789)))", "(f ((a 1) (a 2)))",
                "(f ((a 1x)))", "(f ()", "(f () g)", "f")) {
            assertNull(new TermScanner(text.toCharArray(), 0, text.length(), new AtomTable(16)).term(), text);
        }
    }
}
