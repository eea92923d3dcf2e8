package dev.graft.conformance.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in for pypm-ref in tests: answers {@code (ok (()))} to every request,
 * but exits on a request containing {@code crash} and stops answering on one
 * containing {@code hang}.
 */
public final class FakeLineProtocol {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank() || line.strip().startsWith(";")) {
                continue;
            }
            if (line.contains("crash")) {
                System.err.println("fake: crashing on request");
                System.exit(3);
            }
            if (line.contains("hang")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            System.out.println("(ok (()))");
            System.out.flush();
        }
    }

    /** The command line that starts this program in a fresh JVM. */
    static List<String> command() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classes = Path.of(FakeLineProtocol.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classes, FakeLineProtocol.class.getName());
    }
}
