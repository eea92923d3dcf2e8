package dev.graft.conformance.gen;

import dev.graft.conformance.sx.Sx;
import dev.graft.conformance.sx.SxReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-picked definitions that random ones rarely produce, each aimed at a
 * trap of CORE-SPEC section 9: an argument used twice or never, unguarded
 * recursion that always exhausts, guarded recursion through function variables,
 * locals that would capture an argument without renaming (for terms and for
 * function variables), and guard-used parameters, also transitively.
 */
final class Library {
    private static final Map<Callee, Sx> DEFINITIONS = new HashMap<>();

    static final Callee ID = of("(def Id (x) (var x))");
    static final Callee TWICE = of("(def Twice (x) (and (var x) (var x)))");
    static final Callee IGNORE = of("(def Ignore (x) _)");
    static final Callee LOOP = of("(def Loop () (call Loop))");
    static final Callee SPIN = of("(def Spin (x) (alt (call Spin (var x)) (var x)))");
    static final Callee NEST = of("(def Nest (p) (alt (var p) (existsf F (fvar F (call Nest (var p))))))");
    static final Callee DEEP = of("(def Deep (p) (alt (var p) (existsf F (alt (fvar F (call Deep (var p)) _)"
            + " (fvar F _ (call Deep (var p)))))))");
    static final Callee CAP = of("(def Cap (x) (exists y (and (var y) (var x))))");
    static final Callee CAP_F = of("(def CapF (x) (existsf F (and (var x) (alt (fvar F) (alt (fvar F _) (fvar F _ _))))))");
    static final Callee SHAPE = of("(def Shape (x) (guard (var x) (== (len (attr x \"shape\")) 2)))", 0);
    static final Callee CHAIN = of("(def Chain (x) (and (call Shape (var x)) (op add _ _)))", 0);
    static final Callee BOTH = of("(def Both (x y) (op add (var x) (var y)))");
    static final Callee MAT = of("(def Mat (a b) (guard (op matmul (var a) (var b))"
            + " (== (index (attr a \"shape\") -1) (index (attr b \"shape\") 0))))", 0, 1);

    static final List<Callee> ALL = List.of(ID, TWICE, IGNORE, LOOP, SPIN, NEST, DEEP, CAP, CAP_F, SHAPE, CHAIN,
            BOTH, MAT);

    private Library() {
    }

    private static Callee of(String definition, Integer... guardUsed) {
        Sx.Lst d = (Sx.Lst) SxReader.read(definition);
        Callee c = new Callee(((Sx.Atom) d.get(1)).text(), ((Sx.Lst) d.get(2)).size(), Set.of(guardUsed));
        DEFINITIONS.put(c, d);
        return c;
    }

    /** The wire form of a library definition. */
    static Sx definition(Callee c) {
        return DEFINITIONS.get(c);
    }

    /** What a definition calls, so that picking it brings its callees along. */
    static List<Callee> needs(Callee c) {
        if (c == CHAIN) {
            return List.of(SHAPE);
        }
        if (c == IGNORE) {
            return List.of(LOOP);
        }
        return List.of();
    }
}
