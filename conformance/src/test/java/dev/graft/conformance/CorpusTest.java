package dev.graft.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graft.conformance.run.Outcome;
import dev.graft.conformance.run.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {
    @TempDir
    Path dir;

    @Test
    void aSavedCaseIsReplayedWithItsAnswersKeptAsComments() throws Exception {
        Corpus corpus = new Corpus(dir);
        Verdict v = new Verdict("(match () _ (a ()) 0)", Outcome.answered("(ok (()))"), Outcome.faulted("core hung"));
        Path file = corpus.add(v, "shrunk from seed 1 case 2", "pypm-ref", "core");
        assertEquals(file, corpus.add(v, "again", "pypm-ref", "core"), "the same case is one file");
        String text = Files.readString(file);
        assertTrue(text.contains("; pypm-ref: (ok (()))"), text);
        assertTrue(text.contains("; core: <core hung>"), text);
        Files.writeString(dir.resolve("hand.case"), "; comment\n\n   \n(match () (var x) (a ()) 1)\n");
        Files.writeString(dir.resolve("notes.txt"), "(not a case)\n");
        assertEquals(List.of(new Corpus.Entry("hand.case line 4", "(match () (var x) (a ()) 1)"),
                new Corpus.Entry(file.getFileName() + " line 4", "(match () _ (a ()) 0)")), corpus.entries());
    }

    @Test
    void aMissingDirectoryIsAnEmptyCorpus() {
        assertEquals(List.of(), new Corpus(dir.resolve("none")).entries());
    }
}
