package dev.graft.engine.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Compiles kernel sources with NVRTC and keeps the cubins on disk, keyed by the SHA-256
 * of source, headers, options, architecture and NVRTC version, so that a specialization
 * is compiled once per machine. The directory is {@code GRAFT_KERNEL_CACHE} when set,
 * else {@code ~/.cache/graft/kernels}.
 */
public final class KernelCache {
    private final Path directory;
    private final String arch;

    /** A compiled kernel: its cubin, whether it came from disk, and how long getting it took. */
    public record Compiled(String name, byte[] cubin, boolean cached, double millis) {
    }

    public KernelCache(Path directory, String arch) {
        this.directory = directory;
        this.arch = arch;
    }

    public static KernelCache defaultFor(String arch) {
        String env = System.getenv("GRAFT_KERNEL_CACHE");
        Path dir = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "graft", "kernels");
        return new KernelCache(dir, arch);
    }

    public Path directory() {
        return directory;
    }

    public Compiled get(KernelSource source) {
        long start = System.nanoTime();
        Nvrtc nvrtc = Nvrtc.get();
        String key = key(source, nvrtc.version());
        Path file = directory.resolve(source.name() + "-" + key + ".cubin");
        if (Files.isRegularFile(file)) {
            try {
                return new Compiled(source.name(), Files.readAllBytes(file), true, millisSince(start));
            } catch (IOException unreadable) {
                // fall through and compile again: a damaged cache entry only costs time
            }
        }
        byte[] cubin = nvrtc.compileToCubin(source.label(), source.source(), source.headers(), source.options(arch));
        store(file, cubin);
        return new Compiled(source.name(), cubin, false, millisSince(start));
    }

    String key(KernelSource source, String nvrtcVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, source.source());
            for (Map.Entry<String, String> h : source.headers().entrySet()) {
                update(sha, h.getKey());
                update(sha, h.getValue());
            }
            for (String option : source.options(arch)) {
                update(sha, option);
            }
            update(sha, arch);
            update(sha, nvrtcVersion);
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    private void store(Path file, byte[] cubin) {
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, "kernel", ".tmp");
            Files.write(tmp, cubin);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CudaException("cannot write kernel cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
