package dev.graft.conformance.trace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counts, over a run, how often each semantic clause was taken and each
 * construct of the wire grammar was met, and prints them as a table. Every
 * clause and construct is listed, reached or not, so a gap shows as a zero.
 */
public final class Coverage implements Tracer {
    private static final List<String> CONSTRUCTS = Stream.concat(
            Stream.of("_", "var", "op", "fvar", "alt", "and", "guard", "exists", "existsf", "call"),
            Stream.of("true", "false", "INT", "string", "list", "opof", "attr", "arity", "fname", "len", "index",
                    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "not")
                    .map(g -> "guard " + g)).toList();

    private final Map<Clause, Long> clauses = new EnumMap<>(Clause.class);
    private final Map<String, Long> constructs = new LinkedHashMap<>();

    public Coverage() {
        for (Clause c : Clause.values()) {
            clauses.put(c, 0L);
        }
        for (String c : CONSTRUCTS) {
            constructs.put(c, 0L);
        }
    }

    @Override
    public void hit(Clause clause) {
        clauses.merge(clause, 1L, Long::sum);
    }

    @Override
    public void construct(String keyword) {
        constructs.merge(keyword, 1L, Long::sum);
    }

    /** Adds another run's counts to these. */
    public void add(Coverage other) {
        other.clauses.forEach((c, n) -> clauses.merge(c, n, Long::sum));
        other.constructs.forEach((c, n) -> constructs.merge(c, n, Long::sum));
    }

    public long count(Clause clause) {
        return clauses.get(clause);
    }

    /** The clauses and constructs never reached, by name; empty when the run covered everything. */
    public List<String> unreached() {
        List<String> gaps = new ArrayList<>();
        clauses.forEach((c, n) -> {
            if (n == 0) {
                gaps.add(c.group() + ": " + c.description());
            }
        });
        constructs.forEach((c, n) -> {
            if (n == 0) {
                gaps.add("construct " + c);
            }
        });
        return gaps;
    }

    /** The table: one line per clause (group, count, description), then the constructs. */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add("clause coverage:");
        clauses.forEach((c, n) -> lines.add(String.format("  %-13s %10d  %s", c.group(), n, c.description())));
        lines.add("construct coverage:");
        StringBuilder row = new StringBuilder();
        for (var e : constructs.entrySet()) {
            String cell = String.format("  %-13s %10d", e.getKey(), e.getValue());
            if (row.length() + cell.length() > 100) {
                lines.add(row.toString());
                row.setLength(0);
            }
            row.append(cell);
        }
        lines.add(row.toString());
        return lines;
    }
}
