package dev.graft.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A CUDA C template from the resources under {@code cuda/} together with the headers it
 * includes, specialized by preprocessor definitions. The definitions are the template's
 * only parameters, so the cache key (source, headers, options, architecture) names every
 * specialization.
 */
public record KernelSource(String name, String source, Map<String, String> headers, Map<String, String> defines,
                           boolean archSpecific) {

    /** Headers every template may include: the attention kernels' three, then the graph ops' (storage, addressing, rows). */
    private static final List<String> SHARED_HEADERS = List.of("common.cuh", "variant.cuh", "prefill_rows.cuh",
            "storage.cuh", "broadcast.cuh", "warp_rows.cuh");
    /**
     * Template texts by file, read once: graph ops name their template at every launch, and
     * the same String instances keep the loader's lookup from rehashing and comparing them.
     */
    private static final Map<String, String> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Loads template {@code cuda/<file>} and the shared headers, with no definitions yet. */
    public static KernelSource template(String name, String file) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : SHARED_HEADERS) {
            headers.put(header, resource(header));
        }
        return new KernelSource(name, resource(file), headers, Map.of(), false);
    }

    /** A specialization: the given definitions added to this source's. */
    public KernelSource define(Map<String, ?> more) {
        Map<String, String> all = new TreeMap<>(defines);
        more.forEach((k, v) -> all.put(k, String.valueOf(v)));
        return new KernelSource(name, source, headers, Map.copyOf(all), archSpecific);
    }

    /**
     * This source compiled for the architecture-specific target of the device (sm_90a on
     * Hopper: wgmma, setmaxnreg), whose code runs on that exact architecture only.
     */
    public KernelSource forSpecificArch() {
        return new KernelSource(name, source, headers, defines, true);
    }

    /** The template's name with its definitions, as compile errors show it. */
    public String label() {
        return name + new TreeMap<>(defines);
    }

    /** NVRTC options: the architecture, the language level and the definitions in a stable order. */
    public List<String> options(String arch) {
        String target = archSpecific ? arch + "a" : arch;
        List<String> options = new ArrayList<>(List.of("--gpu-architecture=" + target, "-std=c++17", "-lineinfo"));
        new TreeMap<>(defines).forEach((k, v) -> options.add("-D" + k + "=" + v));
        return options;
    }

    private static String resource(String file) {
        return TEXTS.computeIfAbsent(file, KernelSource::read);
    }

    private static String read(String file) {
        try (InputStream in = KernelSource.class.getResourceAsStream("/cuda/" + file)) {
            if (in == null) {
                throw new CudaException("kernel template cuda/" + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CudaException("cannot read kernel template cuda/" + file + ": " + e.getMessage(), e);
        }
    }
}
