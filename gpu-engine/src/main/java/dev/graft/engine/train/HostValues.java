package dev.graft.engine.train;

import dev.graft.engine.tensor.DType;
import dev.graft.engine.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/** {@link StageValues} on the host: a map, reading through to the step's values. */
public final class HostValues implements StageValues {
    private final HostValues parent;
    private final Map<String, Tensor> values = new HashMap<>();

    /** @param parent the step's values to read through to; null for none */
    public HostValues(HostValues parent) {
        this.parent = parent;
    }

    /** Values holding {@code initial}, reading through to nothing. */
    public static HostValues of(Map<String, Tensor> initial) {
        HostValues v = new HostValues(null);
        v.values.putAll(initial);
        return v;
    }

    @Override
    public boolean has(String name) {
        return values.containsKey(name) || parent != null && parent.has(name);
    }

    @Override
    public Tensor get(String name) {
        Tensor t = values.get(name);
        return t != null || parent == null ? t : parent.get(name);
    }

    @Override
    public int[] shape(String name) {
        return require(name).shape();
    }

    @Override
    public DType dtype(String name) {
        return require(name).dtype();
    }

    @Override
    public void put(String name, Tensor value) {
        values.put(name, value);
    }

    @Override
    public Object carry(String name) {
        return require(name);
    }

    @Override
    public void take(String name, Object carried) {
        if (!(carried instanceof Tensor t)) {
            throw new IllegalArgumentException("value '" + name + "' arrived as " + carried + ", not a host tensor");
        }
        values.put(name, t);
    }

    @Override
    public void move(String name, StageValues to, String as) {
        Tensor t = values.remove(name);
        if (t == null) {
            throw new IllegalStateException("no value '" + name + "' to move");
        }
        to.put(as, t);
    }

    @Override
    public void close() {
        values.clear();
    }

    private Tensor require(String name) {
        Tensor t = get(name);
        if (t == null) {
            throw new IllegalStateException("no value '" + name + "'");
        }
        return t;
    }
}
