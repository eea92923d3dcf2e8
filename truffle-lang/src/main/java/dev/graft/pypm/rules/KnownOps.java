package dev.graft.pypm.rules;

import dev.graft.engine.ops.OpRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The op names a rule may use: every op of the ONNX standard domain (a pattern may
 * match ops the engine cannot run) and every op the engine's registry provides (the
 * fused kernels a replacement creates). A name outside both is a typo, reported
 * before matching.
 */
public final class KnownOps {
    private KnownOps() {
    }

    public static Predicate<String> standard() {
        Set<String> names = new HashSet<>(onnx());
        names.addAll(OpRegistry.get().keys());
        return names::contains;
    }

    private static Set<String> onnx() {
        try (InputStream in = KnownOps.class.getResourceAsStream("/dev/graft/pypm/onnx-ops.txt")) {
            if (in == null) {
                throw new IllegalStateException("onnx-ops.txt is missing from the class path");
            }
            Set<String> out = new HashSet<>();
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read onnx-ops.txt: " + e.getMessage(), e);
        }
    }
}
