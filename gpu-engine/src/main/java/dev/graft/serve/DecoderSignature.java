package dev.graft.serve;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.graph.Graph;
import dev.graft.engine.graph.TensorType;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;
import java.util.List;

/**
 * What generation needs to know of a decoder graph: its token input
 * ({@code int[batch, seq]}; a serving graph also takes {@link ServingGraph#POSITIONS} and
 * {@link ServingGraph#SAMPLED_ROWS}) and its logits output ({@code float[batch, seq, vocab]}, the
 * first output), with a known vocabulary size.
 */
public record DecoderSignature(String tokens, DType tokenType, String logits, int vocab) {

    public static DecoderSignature of(Graph g) {
        List<Value> inputs = g.inputs().stream().filter(v -> !v.name().equals(ServingGraph.POSITIONS)
                && !v.name().equals(ServingGraph.SAMPLED_ROWS)).toList();
        if (inputs.size() != 1) {
            throw new UserError("graph '" + g.name() + "': a decoder for generation takes one input (token ids), this one takes "
                    + inputs.size() + " " + inputs.stream().map(Value::name).toList());
        }
        Value in = inputs.getFirst();
        TensorType t = in.type();
        if (t == null || t.dtype().isFloating() || t.rank() != 2) {
            throw new UserError("graph '" + g.name() + "': input '" + in.name() + "' must be integer token ids [batch, seq], got "
                    + t);
        }
        if (t.shape().dim(1).isKnown()) {
            throw new UserError("graph '" + g.name() + "': input '" + in.name() + "' has a fixed sequence length ("
                    + t + "); generation needs a dynamic sequence axis (export with dynamic axes, as the .dyn models)");
        }
        if (g.outputs().isEmpty()) {
            throw new UserError("graph '" + g.name() + "' has no outputs");
        }
        Value out = g.outputs().getFirst();
        TensorType o = out.type();
        if (o == null || !o.dtype().isFloating() || o.rank() != 3 || !o.shape().dim(2).isKnown()) {
            throw new UserError("graph '" + g.name() + "': output '" + out.name()
                    + "' must be logits [batch, seq, vocab] with a known vocabulary, got " + o);
        }
        return new DecoderSignature(in.name(), t.dtype(), out.name(), Math.toIntExact(o.shape().dim(2).size()));
    }
}
