package dev.graft.serve.synth;

import static dev.graft.serve.synth.OpEmitter.attrs;

import static dev.graft.engine.tensor.DType.FLOAT32;
import static dev.graft.engine.tensor.DType.INT64;
import static dev.graft.serve.synth.OpEmitter.declare;
import static dev.graft.serve.synth.SequenceShape.BATCH;
import static dev.graft.serve.synth.SequenceShape.SEQ;

import dev.graft.engine.graph.Dim;
import dev.graft.engine.graph.Value;

/**
 * The additive causal mask {@code [batch, 1, seq, seq]} (0 where key j <= query i, the
 * float32 minimum elsewhere) in the form transformers' masking utilities export to: a
 * causal comparison of positions, and'ed with a "same packed sequence" test built from a
 * CumSum over position jumps and two GatherNDs. For ordinary inputs the packed-sequence
 * test is always true, but it is part of what the exporter emits, so the rules must see it.
 */
final class CausalMask {
    private CausalMask() {
    }

    static Value build(OpEmitter e, SequenceShape s, Value positionIds) {
        Value expanded = declare(e.op("Expand", positionIds, e.op("Concat", attrs("axis", 0), s.batch(), e.ints(1))),
                INT64, BATCH, SEQ);
        Value first = e.op("Slice", expanded, e.ints(0), e.ints(1), e.ints(1), e.ints(1));
        Value shifted = e.op("Concat", attrs("axis", -1), e.op("Sub", first, e.intScalar(1)), expanded);
        Value seqPlusOne = e.op("Reshape", attrs("allowzero", 0), e.op("Add", e.intScalar(1), s.seqScalar()), e.ints(-1));
        Value previous = declare(e.op("Slice", shifted, e.ints(0), s.seq(), e.ints(-1), e.ints(1)), INT64, BATCH, SEQ);
        Value current = declare(e.op("Slice", shifted, e.ints(1), seqPlusOne, e.ints(-1), e.ints(1)), INT64, BATCH, SEQ);
        Value step = e.op("Sub", current, previous);
        Value jumps = e.op("Cast", attrs("to", 7), e.op("Not", e.op("Equal", step, e.intScalar(1))));
        Value sequenceIds = e.op("CumSum", jumps, e.intScalar(-1));

        Value batchIndex = e.op("Unsqueeze", e.op("Unsqueeze", declare(e.op("Range", e.intScalar(0), s.batchScalar(), e.intScalar(1)), INT64, BATCH),
                e.ints(1, 2)), e.ints(3));
        Value positions2d = e.op("Unsqueeze", s.positions(), e.ints(0, 1));
        Value queryIndex = e.op("Unsqueeze", positions2d, e.ints(3));
        Value keyIndex = e.op("Unsqueeze", positions2d, e.ints(2));
        Value causal = e.op("And", e.boolScalar(true), e.op("LessOrEqual", keyIndex, queryIndex));
        Value sameSequence = e.op("Equal", sequenceIdAt(e, sequenceIds, batchIndex, queryIndex, SEQ, Dim.of(1)),
                sequenceIdAt(e, sequenceIds, batchIndex, keyIndex, Dim.of(1), SEQ));
        Value visible = e.op("And", causal, sameSequence);
        return declare(e.op("Where", visible, e.floatScalar(0f), e.floatScalar(-Float.MAX_VALUE)), FLOAT32, BATCH, Dim.of(1), SEQ, SEQ);
    }

    /** {@code sequenceIds[batchIndex, index]} broadcast to {@code [batch, 1, rows, cols]}, through GatherND as exported. */
    private static Value sequenceIdAt(OpEmitter e, Value sequenceIds, Value batchIndex, Value index, Dim rows, Dim cols) {
        Value shape = e.op("Shape", attrs("start", 0), e.op("Max", batchIndex, index));
        Value b = e.op("Unsqueeze", e.op("Expand", batchIndex, shape), e.ints(-1));
        Value i = e.op("Unsqueeze", e.op("Expand", index, shape), e.ints(-1));
        return declare(e.op("GatherND", attrs("batch_dims", 0), sequenceIds, e.op("Concat", attrs("axis", -1), b, i)),
                INT64, BATCH, Dim.of(1), rows, cols);
    }
}
