package dev.graft.serve.synth;

import static dev.graft.serve.synth.OpEmitter.attrs;

import dev.graft.engine.graph.Value;

/**
 * The symbolic sizes the exporter reads off {@code input_ids [batch, seq]} once and
 * reuses everywhere: {@code batch} and {@code seq} as 1-element shapes (for Concat into
 * Reshape and Expand targets) and as scalars (for Range), and the positions
 * {@code arange(seq)}.
 */
record SequenceShape(Value batch, Value seq, Value batchScalar, Value seqScalar, Value positions) {

    static SequenceShape of(OpEmitter e, Value inputIds) {
        Value batch = e.op("Shape", attrs("start", 0, "end", 1), inputIds);
        Value batchScalar = e.op("Squeeze", batch);
        Value seq = e.op("Shape", attrs("start", 1, "end", 2), inputIds);
        Value seqScalar = e.op("Squeeze", seq);
        Value positions = e.op("Range", e.intScalar(0), seqScalar, e.intScalar(1));
        return new SequenceShape(batch, seq, batchScalar, seqScalar, positions);
    }
}
