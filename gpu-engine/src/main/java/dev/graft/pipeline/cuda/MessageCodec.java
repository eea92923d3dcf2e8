package dev.graft.pipeline.cuda;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A message between stages (value name → tensor) as one block of bytes, which is what
 * goes between GPUs, and a {@link Layout} that says how to read it back: the
 * receiver learns the layout from the sender's host thread (in this process; across
 * hosts it would travel over the coordinator), so only tensor data crosses NCCL.
 * Floating tensors travel as float32, integer ones as int64, little-endian.
 */
final class MessageCodec {
    private MessageCodec() {
    }

    /** Where one tensor lies in the block. */
    record Entry(String name, DType dtype, int[] shape, int offset, int bytes) {
    }

    /** The tensors of a message in name order, and the size of the block. */
    record Layout(List<Entry> entries, int bytes) {
    }

    /** A message made ready to move. */
    record Encoded(Layout layout, byte[] data) {
    }

    static Encoded encode(Object message) {
        if (!(message instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("GPU workers move messages of named tensors, not " + message);
        }
        List<Entry> entries = new ArrayList<>();
        int offset = 0;
        for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
            Tensor t = (Tensor) e.getValue();
            int width = t.dtype().isFloating() ? Float.BYTES : Long.BYTES;
            entries.add(new Entry((String) e.getKey(), t.dtype(), t.shape(), offset, t.size() * width));
            offset += t.size() * width;
        }
        ByteBuffer data = ByteBuffer.allocate(offset).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry entry : entries) {
            Tensor t = (Tensor) map.get(entry.name());
            data.position(entry.offset());
            if (t.dtype().isFloating()) {
                data.asFloatBuffer().put(t.floats());
            } else {
                data.asLongBuffer().put(t.longs());
            }
        }
        return new Encoded(new Layout(List.copyOf(entries), offset), data.array());
    }

    static Map<String, Tensor> decode(Layout layout, byte[] data) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> out = new TreeMap<>();
        for (Entry e : layout.entries()) {
            in.position(e.offset());
            if (e.dtype().isFloating()) {
                float[] values = new float[e.bytes() / Float.BYTES];
                in.asFloatBuffer().get(values);
                out.put(e.name(), Tensor.ofFloats(e.dtype(), e.shape(), values));
            } else {
                long[] values = new long[e.bytes() / Long.BYTES];
                in.asLongBuffer().get(values);
                out.put(e.name(), Tensor.ofLongs(e.dtype(), e.shape(), values));
            }
        }
        return out;
    }
}
