package dev.graft.serve.synth;

import static dev.graft.serve.synth.OpEmitter.attrs;

import dev.graft.engine.graph.Value;

/**
 * The Reshape and Expand targets of the attention blocks, built once and shared by every
 * layer as the exporter shares them: {@code heads = [batch, seq, -1, headDim]},
 * {@code grouped = [batch, kvHeads, groupSize, seq, headDim]},
 * {@code repeated = [batch, heads, seq, headDim]} and {@code merged = [batch, seq, -1]}.
 * The GQA targets are null without grouping.
 */
record ShapeTargets(Value heads, Value grouped, Value repeated, Value merged) {

    static ShapeTargets of(OpEmitter e, SequenceShape s, LlamaSpec spec) {
        Value heads = e.op("Concat", attrs("axis", 0), s.batch(), s.seq(), e.ints(-1), e.ints(spec.headDim()));
        Value grouped = null;
        Value repeated = null;
        if (spec.groupSize() > 1) {
            grouped = e.op("Concat", attrs("axis", 0), s.batch(), e.ints(spec.kvHeads()), e.ints(spec.groupSize()),
                    s.seq(), e.ints(spec.headDim()));
            repeated = e.op("Concat", attrs("axis", 0), s.batch(), e.ints(spec.heads()), s.seq(), e.ints(spec.headDim()));
        }
        Value merged = e.op("Concat", attrs("axis", 0), s.batch(), s.seq(), e.ints(-1));
        return new ShapeTargets(heads, grouped, repeated, merged);
    }
}
