package dev.graft.pypm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the golden corpus: every {@code core/NAME.txt} of requests (comments and blank
 * lines allowed) against {@code core/NAME.expected}, one answer line per request. The same
 * files can be piped through pypm-ref: {@code pypm-ref < NAME.txt | diff - NAME.expected}.
 */
class GoldenCorpusTest {
    static final Path CORPUS = Path.of(System.getProperty("graft.repo", "../"))
            .resolve("truffle-lang/src/test/resources/core");

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no corpus files under " + CORPUS);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : files) {
            String base = file.getFileName().toString().replaceFirst("\\.txt$", "");
            List<String> requests = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> expected = Files.readAllLines(CORPUS.resolve(base + ".expected"), StandardCharsets.UTF_8);
            CoreMode core = new CoreMode();
            int answered = 0;
            for (int i = 0; i < requests.size(); i++) {
                String answer = core.answer(requests.get(i));
                if (answer == null) {
                    continue;
                }
                int index = answered++;
                int line = i + 1;
                tests.add(DynamicTest.dynamicTest(base + ":" + line, () -> {
                    String want = index < expected.size() ? expected.get(index) : "<missing from .expected>";
                    assertEquals(want, answer, base + ".txt line " + line + ": " + requests.get(line - 1));
                }));
            }
            int total = answered;
            tests.add(DynamicTest.dynamicTest(base + ": answer count", () ->
                    assertEquals(expected.size(), total, base + ".expected has a line per request")));
        }
        return tests.stream();
    }
}
