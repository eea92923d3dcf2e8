package dev.graft.pypm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.Test;

/** Core-mode requests evaluated through the polyglot API, as any embedder would. */
class PypmLanguageTest {
    @Test
    void evaluatesCoreRequestsThroughPolyglot() {
        String requests = """
                ; a comment gets no answer
                (match ((def Nat () (alt (op z) (op s (call Nat))))) (call Nat) (s () (z ())) 5)
                (match () (op f (var x) (var x)) (f () (a ()) (b ())) 0)
                (match () (call P) (a ()) 1)
                """;
        try (Context context = Context.create(PypmLanguage.ID)) {
            Source source = Source.newBuilder(PypmLanguage.ID, requests, "requests.core")
                    .mimeType(PypmLanguage.CORE_MIME_TYPE).buildLiteral();
            assertEquals("""
                    (ok (()))
                    (ok ())
                    (error "query: call of unknown definition P")""", context.eval(source).asString());
        }
    }
}
