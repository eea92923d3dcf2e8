package dev.graft.serve.device;

import dev.graft.engine.cuda.DeviceCall;
import dev.graft.engine.cuda.DeviceOp;
import dev.graft.engine.cuda.DeviceOpFamily;
import dev.graft.engine.cuda.DeviceTensor;
import dev.graft.engine.ops.OpException;
import dev.graft.serve.KvStore;
import dev.graft.serve.PagedAttention;
import dev.graft.serve.PagedStep;
import java.util.List;
import java.util.Map;

/**
 * {@link PagedAttention} on the device-resident CUDA backend (listed in
 * META-INF/services/dev.graft.engine.cuda.DeviceOpFamily): the step's store attends over
 * the node's device tensors when it is a {@link DeviceKvStore}; any other store declines,
 * and the node runs its CPU op with copies around it.
 */
public final class DevicePagedAttention implements DeviceOp, DeviceOpFamily {

    @Override
    public Map<String, DeviceOp> ops() {
        return Map.of(PagedAttention.NAME, this);
    }

    @Override
    public List<DeviceTensor> run(DeviceCall call) {
        if (!PagedStep.CURRENT.isBound()) {
            throw new OpException("PagedAttention runs only inside a serving step, with a KV cache bound");
        }
        PagedStep step = PagedStep.CURRENT.get();
        if (!(step.store() instanceof DeviceKvStore store)) {
            return null;
        }
        KvStore.AttentionHeads heads = PagedAttention.heads(call.attributes());
        boolean tokenMajor = PagedAttention.tokenMajor(call.attributes());
        int tokens = step.qoIndptr()[step.qoIndptr().length - 1];
        PagedAttention.checkShape(call.shape(0), heads.qHeads(), tokens, heads.headDim(), tokenMajor, "Q");
        PagedAttention.checkShape(call.shape(1), heads.kvHeads(), tokens, heads.headDim(), tokenMajor, "K");
        PagedAttention.checkShape(call.shape(2), heads.kvHeads(), tokens, heads.headDim(), tokenMajor, "V");
        return List.of(store.appendAndAttend(call, call.node().name(), heads, step, tokenMajor));
    }
}
