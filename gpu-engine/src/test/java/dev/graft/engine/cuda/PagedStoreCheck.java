package dev.graft.engine.cuda;

import dev.graft.attention.KvDType;
import dev.graft.serve.CudaKvStore;
import dev.graft.serve.GenerationRequest;
import dev.graft.serve.KvStore;
import dev.graft.serve.PageAllocator;
import dev.graft.serve.PagedStep;
import dev.graft.serve.Scheduler;
import dev.graft.serve.SchedulerConfig;
import dev.graft.serve.Step;
import java.util.Optional;
import java.util.Random;

/**
 * The serving cache on the GPU against the attention library's CPU executor: a whole
 * scheduled generation (prompts prefilled in chunks mixed with decode tokens, pages
 * reused across requests, two layers) goes through {@link CudaKvStore} and the fp16
 * {@code LibraryKvStore} with the same random queries, keys and values at every step, and
 * every step's output is compared.
 */
final class PagedStoreCheck {
    private static final KvStore.AttentionHeads HEADS = new KvStore.AttentionHeads(8, 2, 64, 0.125f);
    private static final int PAGES = 12;
    private static final int PAGE_SIZE = 4;

    private PagedStoreCheck() {
    }

    static GpuChecks.Result run() {
        Random random = new Random(23);
        Scheduler scheduler = new Scheduler(new PageAllocator(PAGES, PAGE_SIZE), new SchedulerConfig(9, 3));
        int[] prompts = {5, 13, 1, 7, 3};
        for (int id = 0; id < prompts.length; id++) {
            scheduler.submit(new GenerationRequest(id, new int[prompts[id]], 6));
        }
        KvStore gpu = new CudaKvStore(new CudaBackend().runtime(), KvDType.FP16, PAGES, PAGE_SIZE);
        KvStore cpu = KvStore.create("fp16", PAGES, PAGE_SIZE);
        double worst = 0;
        int steps = 0;
        for (Optional<Step> s = scheduler.next(); s.isPresent(); s = scheduler.next(), steps++) {
            Step step = s.get();
            PagedStep onGpu = PagedStep.of(gpu, step);
            PagedStep onCpu = PagedStep.of(cpu, step);
            int tokens = step.totalTokens();
            for (String layer : new String[] {"layer0", "layer1"}) {
                float[] q = randoms(random, HEADS.qHeads() * tokens * HEADS.headDim());
                float[] k = randoms(random, HEADS.kvHeads() * tokens * HEADS.headDim());
                float[] v = randoms(random, HEADS.kvHeads() * tokens * HEADS.headDim());
                float[] got = gpu.appendAndAttend(layer, HEADS, onGpu, q, k, v);
                float[] want = cpu.appendAndAttend(layer, HEADS, onCpu, q, k, v);
                worst = Math.max(worst, EngineChecks.relativeError(got, want));
            }
            scheduler.complete(step, new int[step.samplingChunks()]);
        }
        double tolerance = GpuChecks.tolerance(KvDType.FP16);
        return new GpuChecks.Result("", worst <= tolerance && steps > 5, worst, tolerance,
                steps + " steps, worst step's relative error");
    }

    private static float[] randoms(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
