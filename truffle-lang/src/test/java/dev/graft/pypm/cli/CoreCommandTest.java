package dev.graft.pypm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.pypm.core.CoreMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code graft core} answers line for line and no input makes it stop. */
class CoreCommandTest {
    private static List<String> serve(String input) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        Thread worker = new Thread(null, () -> CoreCommand.serve(new CoreMode(), in, bytes), "core-test",
                CoreCommand.MATCH_STACK_BYTES);
        worker.start();
        worker.join();
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void answersEachRequestLineInOrderAndSkipsComments() throws InterruptedException {
        List<String> answers = serve("""
                ; comment
                (match () (var x) (a ()) 0)

                garbage \u0000 \uFFFD ((((
                (match () (op f (var x)) (f () (b ())) 0)
                """);
        assertEquals(3, answers.size(), answers.toString());
        assertEquals("(ok (((x (a ())))))", answers.get(0));
        assertTrue(answers.get(1).startsWith("(error \"malformed request"), answers.get(1));
        assertEquals("(ok (((x (b ())))))", answers.get(2));
    }

    @Test
    void deepInputIsAnsweredNotFatal() throws InterruptedException {
        String deepTerm = nest("(s () ", "(z ())", ")", 200_000);
        String natTerm = nest("(s () ", "(z ())", ")", 20_000);
        String deepPattern = nest("(alt ", "_", " _)", 100_000);
        List<String> answers = serve(String.join("\n",
                "(match () _ " + deepTerm + " 0)",
                "(match ((def Nat () (alt (op z) (op s (call Nat))))) (call Nat) " + natTerm + " 1000000)",
                "(match () " + deepPattern + " (a ()) 0)",
                "(match ((def Loop () (alt (op never) (call Loop)))) (call Loop) (a ()) 1000000000000)",
                "(match () (var x) (a ()) 0)"));
        assertEquals(5, answers.size());
        assertTrue(answers.get(0).equals("(ok (()))") || answers.get(0).startsWith("(error "), answers.get(0));
        assertEquals("(ok (()))", answers.get(1));
        assertTrue(answers.get(2).startsWith("(ok (() ()") || answers.get(2).startsWith("(error "),
                answers.get(2).substring(0, 20));
        assertEquals("(exhausted)", answers.get(3));
        assertEquals("(ok (((x (a ())))))", answers.get(4));
    }

    private static String nest(String open, String leaf, String close, int depth) {
        return open.repeat(depth) + leaf + close.repeat(depth);
    }
}
