package dev.graft.engine.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every GPU check in one process, or those whose names contain one of the arguments,
 * and prints a pass/fail table; exit status 1 when any check fails. Without a usable device it prints "no CUDA device: reason" and exits 0.
 * tools/gpu-test.sh runs it from the bundle on the GPU machine.
 */
public final class GpuTestMain {
    private GpuTestMain() {
    }

    public static void main(String[] args) {
        Optional<String> reason = CudaRuntime.unavailableReason();
        if (reason.isPresent()) {
            System.out.println("no CUDA device: " + reason.get() + " (GPU tests skipped)");
            return;
        }
        List<GpuChecks.Result> results = new ArrayList<>();
        try (CudaRuntime gpu = CudaRuntime.open()) {
            System.out.println("device: " + gpu.context().name() + " (" + gpu.context().arch() + ", "
                    + gpu.context().smCount() + " SMs), NVRTC " + Nvrtc.get().version());
            List<GpuChecks.Check> checks = new ArrayList<>(new GpuChecks(gpu).all());
            checks.addAll(new EngineChecks(java.nio.file.Path.of(System.getProperty("graft.repo", "."), "models")).all());
            checks.addAll(new TrainingChecks().all());
            for (GpuChecks.Check check : checks) {
                if (args.length > 0 && java.util.Arrays.stream(args).noneMatch(check.name()::contains)) {
                    continue;
                }
                GpuChecks.Result r;
                long start = System.nanoTime();
                try {
                    r = check.body().get();
                } catch (RuntimeException | LinkageError e) {
                    r = new GpuChecks.Result("", false, Double.NaN, 0, "threw " + e);
                }
                r = new GpuChecks.Result(check.name(), r.passed(), r.error(), r.tolerance(), r.detail());
                results.add(r);
                System.out.printf("%-4s %-58s err %9.2e tol %7.1e  %5.1fs  %s%n", r.passed() ? "PASS" : "FAIL",
                        r.name(), r.error(), r.tolerance(), (System.nanoTime() - start) / 1e9, r.detail());
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        System.out.println();
        System.out.println("| check | result | rel. error | tolerance |");
        System.out.println("|---|---|---|---|");
        for (GpuChecks.Result r : results) {
            System.out.printf("| %s | %s | %.2e | %.0e |%n", r.name(), r.passed() ? "pass" : "FAIL", r.error(),
                    r.tolerance());
        }
        System.out.println();
        System.out.println((results.size() - failed) + " of " + results.size() + " GPU checks passed");
        if (failed > 0) {
            System.exit(1);
        }
    }
}
