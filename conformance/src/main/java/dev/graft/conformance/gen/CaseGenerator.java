package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Seeded random requests in the wire format. Case {@code i} of seed {@code s}
 * is always the same line, whatever was generated before it, so a failure is
 * reproducible from the pair alone. {@code size} scales the term, the pattern
 * and the number of definitions.
 */
public final class CaseGenerator {
    /** The share of requests made ill-formed on purpose, to compare rejections. */
    private static final double ILL_FORMED = 0.06;

    private final long seed;
    private final int size;

    public CaseGenerator(long seed, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        this.seed = seed;
        this.size = size;
    }

    /** The request line of case {@code index}; {@code attempt} picks another one for the same index. */
    public String generate(long index, int attempt) {
        Dice dice = new Dice(mix(mix(seed, index), attempt));
        GuardGenerator guards = new GuardGenerator(dice);
        PatternGenerator patterns = new PatternGenerator(dice, guards);
        Sx.Lst term = (Sx.Lst) new TermGenerator(dice).term(dice.between(1, 2 * size));

        Set<Callee> library = new LinkedHashSet<>();
        for (Callee c : Library.ALL) {
            if (dice.chance(0.25)) {
                library.add(c);
                library.addAll(Library.needs(c));
            }
        }
        DefinitionGenerator definitions = new DefinitionGenerator(dice, patterns);
        List<Callee> randoms = definitions.signatures(dice.between(0, Math.min(3, 1 + size / 4)));
        List<Callee> callees = new ArrayList<>(library);
        callees.addAll(randoms);

        List<Sx> defs = new ArrayList<>();
        library.forEach(c -> defs.add(Library.definition(c)));
        randoms.forEach(c -> defs.add(definitions.definition(c, callees, size)));
        if (defs.size() > 1 && dice.chance(0.5)) {
            defs.add(defs.remove(0));
        }
        Scope query = Scope.query(callees);
        Sx pattern = dice.chance(0.85) ? patterns.derive(term, query, 2 * size) : patterns.random(query, 2 * size);
        Sx fuel = Sx.integer(switch (dice.weighted(1, 3, 4, 1)) {
            case 0 -> 0;
            case 1 -> dice.between(1, 3);
            case 2 -> dice.between(4, 10);
            default -> dice.between(11, 30);
        });
        Sx.Lst request = Sx.list(Sx.atom("match"), Sx.list(defs), pattern, term, fuel);
        return dice.chance(ILL_FORMED) ? new Breaker(dice).breakRequest(request) : request.toString();
    }

    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
