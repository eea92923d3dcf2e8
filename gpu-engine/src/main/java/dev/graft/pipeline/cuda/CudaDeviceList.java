package dev.graft.pipeline.cuda;

import dev.graft.engine.cli.UserError;
import java.util.Arrays;

/**
 * The GPUs of {@code --devices cuda:...}, one per pipeline device: {@code cuda:all}
 * (GPU d runs pipeline device d; the machine needs as many GPUs as the schedule has
 * devices), {@code cuda:N} (every pipeline device on GPU N, which checks the CUDA
 * path on one GPU) or {@code cuda:A,B,...} (one GPU per pipeline device, in order).
 */
public final class CudaDeviceList {
    private CudaDeviceList() {
    }

    /**
     * @param gpus       how many CUDA devices this machine has
     * @param whyNone    why there are none, when {@code gpus} is 0
     * @return the GPU ordinal of each pipeline device
     */
    public static int[] parse(String text, int pipelineDevices, int gpus, String whyNone) {
        String flag = "--devices " + text;
        if (!text.matches("cuda:(all|\\d{1,4}(,\\d{1,4})*)")) {
            throw new UserError(flag + ": expected cuda:all, cuda:N or cuda:A,B,... (GPU ordinals)");
        }
        if (gpus == 0) {
            throw new UserError(flag + ": no CUDA device: " + whyNone);
        }
        String list = text.substring("cuda:".length());
        int[] ordinals;
        if (list.equals("all")) {
            if (pipelineDevices > gpus) {
                throw new UserError(flag + ": the schedule runs on " + pipelineDevices + " devices but this machine has "
                        + gpus + " GPU" + (gpus == 1 ? "" : "s") + "; name one GPU per device, e.g. cuda:"
                        + sharing(pipelineDevices, gpus));
            }
            ordinals = new int[pipelineDevices];
            Arrays.setAll(ordinals, d -> d);
        } else if (!list.contains(",")) {
            ordinals = new int[pipelineDevices];
            Arrays.fill(ordinals, Integer.parseInt(list));
        } else {
            ordinals = Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
            if (ordinals.length != pipelineDevices) {
                throw new UserError(flag + " names " + ordinals.length + " GPUs but the schedule runs on "
                        + pipelineDevices + " devices");
            }
        }
        for (int o : ordinals) {
            if (o >= gpus) {
                throw new UserError(flag + ": there is no cuda:" + o + "; this machine has " + gpus + " GPU"
                        + (gpus == 1 ? " (cuda:0)" : "s (cuda:0 to cuda:" + (gpus - 1) + ")"));
            }
        }
        return ordinals;
    }

    /** "0,1,0,1": devices dealt round-robin over the GPUs. */
    private static String sharing(int devices, int gpus) {
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < devices; d++) {
            b.append(d == 0 ? "" : ",").append(d % gpus);
        }
        return b.toString();
    }
}
