package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.cuda.DeviceType;
import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A message between stages (value name → what {@code StageValues.carry} gave) as GPU
 * transports move it: device tensors go from GPU to GPU as they lie, each described
 * by a {@link Part} that tells the receiving side what to expect; host tensors (token
 * ids, masks: small) go over this process's memory as they are, and so does an empty
 * tensor.
 */
final class MessageParts {
    private MessageParts() {
    }

    /** One tensor of a message: on the host ({@code host} set) or on the sending GPU ({@code device} set). */
    record Part(String name, Tensor host, DeviceTensor device, int[] shape, DType dtype, DeviceType type,
                long bytes) {
    }

    /** The message's tensors in name order, the order in which both sides move them. */
    static List<Part> of(Object message) {
        List<Part> parts = new ArrayList<>();
        new TreeMap<>(carried(message)).forEach((name, value) -> parts.add(switch (value) {
            case Tensor t -> new Part(name, t, null, t.shape(), t.dtype(), null, 0);
            case DeviceTensor d when d.size() == 0 ->
                    new Part(name, Tensor.ofFloats(d.dtype(), d.shape(), new float[0]), null, d.shape(), d.dtype(),
                            null, 0);
            case DeviceTensor d -> new Part(name, null, d, d.shape(), d.dtype(), d.type(), d.bytes());
            default -> throw new IllegalArgumentException("GPU workers move tensors, not " + value + " ('" + name
                    + "')");
        }));
        return parts;
    }

    /**
     * The message as a worker on the same GPU takes it: its device tensors as views of
     * their own, which stay valid when the sending stage frees its values (made on the
     * sending worker's thread, which is also the receiving one).
     */
    static Map<String, Object> sameDevice(Object message) {
        Map<String, Object> out = new TreeMap<>();
        carried(message).forEach((name, value) -> out.put(name,
                value instanceof DeviceTensor d ? d.view(d.shape()) : value));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> carried(Object message) {
        if (!(message instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("GPU workers move messages of named tensors, not " + message);
        }
        return (Map<String, Object>) message;
    }
}
