package dev.graft.pipeline.cli;

import dev.graft.engine.cli.UserError;

/**
 * The {@code --devices} flag: {@code cpu:N} (N worker threads, one per pipeline
 * device) or {@code cuda:all} / {@code cuda:N}. CUDA workers are designed
 * (docs/PIPELINE.md) but not built, so asking for them is an error rather than
 * a silent fall back to the CPU.
 */
record DeviceSpec(int cpuWorkers) {

    static DeviceSpec parse(String text, int pipelineDevices) {
        if (text == null) {
            return new DeviceSpec(pipelineDevices);
        }
        if (text.startsWith("cuda:")) {
            throw new UserError("--devices " + text + ": CUDA pipeline workers are not implemented yet; use cpu:"
                    + pipelineDevices + " (docs/PIPELINE.md describes the CUDA design)");
        }
        if (!text.matches("cpu:\\d{1,6}")) {
            throw new UserError("--devices " + text + ": expected cpu:N or cuda:all");
        }
        int n = Integer.parseInt(text.substring(4));
        if (n != pipelineDevices) {
            throw new UserError("--devices " + text + ": the schedule runs on " + pipelineDevices
                    + " devices, so it needs cpu:" + pipelineDevices);
        }
        return new DeviceSpec(n);
    }
}
