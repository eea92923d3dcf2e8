package dev.graft.pipeline.cli;

import dev.graft.engine.cli.UserError;
import dev.graft.engine.cuda.CudaContext;
import dev.graft.engine.cuda.PrimaryContext;
import dev.graft.pipeline.cuda.CudaDeviceList;
import dev.graft.pipeline.cuda.CudaDevices;
import dev.graft.pipeline.runtime.CpuDevices;
import dev.graft.pipeline.runtime.Devices;

/**
 * The {@code --devices} flag: {@code cpu:N} (N worker threads, one per pipeline
 * device) or GPUs ({@link CudaDeviceList}: {@code cuda:all}, {@code cuda:N},
 * {@code cuda:A,B,...}).
 */
public final class DeviceSpec {
    private DeviceSpec() {
    }

    public static Devices open(String text, int pipelineDevices) {
        if (text == null) {
            return CpuDevices.INSTANCE;
        }
        if (text.startsWith("cuda:")) {
            int gpus = PrimaryContext.deviceCount();
            String whyNone = CudaContext.unavailableReason().orElse("no CUDA device found");
            return CudaDevices.open(CudaDeviceList.parse(text, pipelineDevices, gpus, whyNone));
        }
        if (!text.matches("cpu:\\d{1,6}")) {
            throw new UserError("--devices " + text + ": expected cpu:N, cuda:all, cuda:N or cuda:A,B,...");
        }
        int n = Integer.parseInt(text.substring(4));
        if (n != pipelineDevices) {
            throw new UserError("--devices " + text + ": the schedule runs on " + pipelineDevices
                    + " devices, so it needs cpu:" + pipelineDevices);
        }
        return CpuDevices.INSTANCE;
    }
}
