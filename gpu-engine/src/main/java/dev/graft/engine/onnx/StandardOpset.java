package dev.graft.engine.onnx;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.Node;
import java.util.Map;
import java.util.Set;

/**
 * The standard-domain opset an exported graph declares. A graph does not remember
 * the opset it was read with, so the version comes from the ops' forms: 18 (what
 * PyTorch's exporter writes), raised for ops that only newer opsets have, lowered to
 * 17 for reductions that carry their axes as an attribute (opset 18 moved them to an
 * input). A graph with both forms fits no single opset and is refused.
 */
final class StandardOpset {
    static final int DEFAULT = 18;
    /** Ops the engine runs that opset 18 lacks, with the opset that introduced them. */
    private static final Map<String, Integer> INTRODUCED = Map.of("Gelu", 20, "RMSNormalization", 23);
    /** Reductions whose axes became an input in opset 18 (ReduceSum's did in 13). */
    private static final Set<String> AXES_MOVED_IN_18 = Set.of("ReduceMean", "ReduceMax", "ReduceMin",
            "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare");

    private StandardOpset() {
    }

    static int of(Graph g) {
        int newest = DEFAULT;
        Node needsNewer = null;
        Node needsOlder = null;
        for (Node n : g.nodes()) {
            if (!n.domain().isEmpty()) {
                continue;
            }
            Integer introduced = INTRODUCED.get(n.op());
            if (introduced != null && introduced > newest) {
                newest = introduced;
                needsNewer = n;
            }
            if (needsOlder == null && AXES_MOVED_IN_18.contains(n.op()) && n.attributes().has("axes")) {
                needsOlder = n;
            }
        }
        if (needsOlder == null) {
            return newest;
        }
        if (needsNewer != null) {
            throw new UserError("cannot write graph '" + g.name() + "' as ONNX: node '" + needsOlder.name() + "' ("
                    + needsOlder.op() + " with an axes attribute) needs opset 17 or older, node '" + needsNewer.name()
                    + "' (" + needsNewer.op() + ") opset " + newest + " or newer");
        }
        return DEFAULT - 1;
    }

    /** The IR version that goes with an opset (onnx/docs/Versioning.md). */
    static int irVersion(int opset) {
        return opset <= 18 ? 8 : opset <= 20 ? 9 : opset <= 22 ? 10 : 11;
    }
}
