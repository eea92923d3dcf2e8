package dev.graft.serve.synth;

import static dev.graft.serve.synth.OpEmitter.attrs;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Value;
import dev.graft.engine.tensor.DType;

/**
 * The symbolic sizes the exporter reads off {@code input_ids [batch, seq]} once and
 * reuses everywhere: {@code batch} and {@code seq} as 1-element shapes (for Concat into
 * Reshape and Expand targets) and as scalars (for Range), and the positions
 * {@code arange(seq)}.
 */
record SequenceShape(Value batch, Value seq, Value batchScalar, Value seqScalar, Value positions) {
    static final Dim BATCH = Dim.symbol("batch");
    static final Dim SEQ = Dim.symbol("seq");

    static SequenceShape of(OpEmitter e, Value inputIds) {
        Value batch = e.op("Shape", attrs("start", 0, "end", 1), inputIds);
        Value batchScalar = e.op("Squeeze", batch);
        Value seq = e.op("Shape", attrs("start", 1, "end", 2), inputIds);
        Value seqScalar = e.op("Squeeze", seq);
        Value positions = OpEmitter.declare(e.op("Range", e.intScalar(0), seqScalar, e.intScalar(1)), DType.INT64, SEQ);
        return new SequenceShape(batch, seq, batchScalar, seqScalar, positions);
    }
}
