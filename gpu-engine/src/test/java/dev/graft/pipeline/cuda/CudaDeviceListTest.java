package dev.graft.pipeline.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graft.engine.cli.UserError;
import org.junit.jupiter.api.Test;

class CudaDeviceListTest {

    @Test
    void listsGiveOneGpuPerPipelineDevice() {
        assertArrayEquals(new int[] {0, 1}, CudaDeviceList.parse("cuda:all", 2, 2, ""));
        assertArrayEquals(new int[] {0, 1}, CudaDeviceList.parse("cuda:all", 2, 8, ""));
        assertArrayEquals(new int[] {1, 1, 1}, CudaDeviceList.parse("cuda:1", 3, 2, ""));
        assertArrayEquals(new int[] {1, 0}, CudaDeviceList.parse("cuda:1,0", 2, 2, ""));
    }

    @Test
    void aGpuTheMachineLacksIsOneLine() {
        assertEquals("--devices cuda:3: there is no cuda:3; this machine has 2 GPUs (cuda:0 to cuda:1)",
                message("cuda:3", 2, 2));
        assertEquals("--devices cuda:0,1: there is no cuda:1; this machine has 1 GPU (cuda:0)",
                message("cuda:0,1", 2, 1));
        assertEquals("--devices cuda:all: the schedule runs on 4 devices but this machine has 2 GPUs;"
                + " name one GPU per device, e.g. cuda:0,1,0,1", message("cuda:all", 4, 2));
        assertEquals("--devices cuda:0,1 names 2 GPUs but the schedule runs on 4 devices", message("cuda:0,1", 4, 2));
    }

    @Test
    void noGpuOrAMalformedListIsOneLine() {
        assertEquals("--devices cuda:all: no CUDA device: libcuda.so.1 not found", message("cuda:all", 2, 0));
        assertEquals("--devices cuda:x: expected cuda:all, cuda:N or cuda:A,B,... (GPU ordinals)",
                message("cuda:x", 2, 2));
        assertEquals("--devices cuda:0,: expected cuda:all, cuda:N or cuda:A,B,... (GPU ordinals)",
                message("cuda:0,", 2, 2));
    }

    private static String message(String text, int devices, int gpus) {
        return assertThrows(UserError.class,
                () -> CudaDeviceList.parse(text, devices, gpus, "libcuda.so.1 not found")).getMessage();
    }
}
