package dev.graft.engine.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the CUDA 13 shared libraries that are reached through java.lang.foreign
 * (NVRTC, cuBLAS). Looked up in order: the directory named by the environment variable
 * {@code GRAFT_CUDA_LIB}, the dynamic loader's own search path, then the usual toolkit
 * directories.
 */
final class NativeLibraries {
    private static final List<String> TOOLKIT_DIRS = List.of(
            "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/local/cuda-13.0/targets/x86_64-linux/lib",
            "/usr/local/cuda/lib64", "/usr/lib/x86_64-linux-gnu");

    private NativeLibraries() {
    }

    /**
     * Loads {@code soname}; {@code companions} are loaded first from the same directory,
     * for libraries that dlopen them by name later (NVRTC opens its builtins so).
     */
    static SymbolLookup load(String soname, String... companions) {
        List<String> tried = new ArrayList<>();
        String override = System.getenv("GRAFT_CUDA_LIB");
        if (override != null) {
            Path candidate = Path.of(override, soname);
            tried.add(candidate.toString());
            if (Files.exists(candidate)) {
                return loadWith(candidate, companions);
            }
        }
        try {
            for (String companion : companions) {
                SymbolLookup.libraryLookup(companion, Arena.global());
            }
            return SymbolLookup.libraryLookup(soname, Arena.global());
        } catch (IllegalArgumentException notOnLoaderPath) {
            tried.add(soname + " (loader path)");
        }
        for (String dir : TOOLKIT_DIRS) {
            Path candidate = Path.of(dir, soname);
            tried.add(candidate.toString());
            if (Files.exists(candidate)) {
                return loadWith(candidate, companions);
            }
        }
        throw new CudaException("cannot load " + soname + "; tried " + String.join(", ", tried)
                + " (set GRAFT_CUDA_LIB to its directory)");
    }

    private static SymbolLookup loadWith(Path library, String... companions) {
        for (String companion : companions) {
            Path beside = library.resolveSibling(companion);
            if (Files.exists(beside)) {
                SymbolLookup.libraryLookup(beside, Arena.global());
            }
        }
        return SymbolLookup.libraryLookup(library, Arena.global());
    }
}
