package dev.graft.conformance;

import dev.graft.conformance.run.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The regression corpus: a directory of {@code *.case} files, each holding
 * request lines and comments (lines starting with {@code ;}). Every run replays
 * all of it first. A shrunk mismatch is added as a file of its own, named after
 * a hash of the request so the same case is never written twice, with both
 * answers in its comments.
 */
public final class Corpus {
    public static final String SUFFIX = ".case";

    private final Path directory;

    public Corpus(Path directory) {
        this.directory = directory;
    }

    /** A request of the corpus and where it is written. */
    public record Entry(String origin, String request) {
    }

    /** Every request of every case file, files in name order. */
    public List<Entry> entries() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(SUFFIX)).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (isRequest(lines.get(i))) {
                        out.add(new Entry(file.getFileName() + " line " + (i + 1), lines.get(i)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus " + directory, e);
        }
        return out;
    }

    /** The request lines of a file: not blank, not comments (CORE-SPEC section 8). */
    public static List<String> requestLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(Corpus::isRequest).toList();
    }

    public static boolean isRequest(String line) {
        String s = line.strip();
        return !s.isEmpty() && !s.startsWith(";");
    }

    /** Writes a shrunk failing case; returns its file. */
    public Path add(Verdict shrunk, String origin, String referenceName, String candidateName) {
        String name = "mismatch-" + hash(shrunk.request()) + SUFFIX;
        Path file = directory.resolve(name);
        List<String> lines = List.of(
                "; " + origin,
                "; " + referenceName + ": " + oneLine(shrunk.reference().describe()),
                "; " + candidateName + ": " + oneLine(shrunk.candidate().describe()),
                shrunk.request());
        try {
            Files.createDirectories(directory);
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the regression case " + file, e);
        }
        return file;
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    private static String hash(String request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
