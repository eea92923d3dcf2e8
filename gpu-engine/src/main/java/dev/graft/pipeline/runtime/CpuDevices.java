package dev.graft.pipeline.runtime;

import dev.graft.engine.train.NodeRunner;

/** Worker threads of this process, as many as a schedule has devices; messages pass by reference. */
public final class CpuDevices extends InProcessDevices {
    public static final CpuDevices INSTANCE = new CpuDevices();

    private CpuDevices() {
    }

    @Override
    public String describe(int count) {
        return count + (count == 1 ? " cpu worker" : " cpu workers");
    }

    @Override
    public void requireCount(int count) {
    }

    @Override
    public NodeRunner runner(int device) {
        return NodeRunner.INTERPRETER;
    }
}
