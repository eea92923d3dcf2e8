package dev.graft.engine.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * NVRTC of CUDA 13 (libnvrtc.so.13) through java.lang.foreign: compiles CUDA C to a
 * cubin for one architecture. JCuda's own NVRTC binding needs CUDA 12 libraries, which
 * the GPU machines lack.
 */
public final class Nvrtc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static volatile Nvrtc instance;

    private final MethodHandle version;
    private final MethodHandle createProgram;
    private final MethodHandle compileProgram;
    private final MethodHandle getCubinSize;
    private final MethodHandle getCubin;
    private final MethodHandle getLogSize;
    private final MethodHandle getLog;
    private final MethodHandle destroyProgram;
    private final MethodHandle errorString;

    private Nvrtc(SymbolLookup lib) {
        version = handle(lib, "nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        createProgram = handle(lib, "nvrtcCreateProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        compileProgram = handle(lib, "nvrtcCompileProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        getCubinSize = handle(lib, "nvrtcGetCUBINSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getCubin = handle(lib, "nvrtcGetCUBIN", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getLogSize = handle(lib, "nvrtcGetProgramLogSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        getLog = handle(lib, "nvrtcGetProgramLog", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        destroyProgram = handle(lib, "nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        errorString = handle(lib, "nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /** The process-wide binding; loads libnvrtc.so.13 on first use. */
    public static Nvrtc get() {
        Nvrtc n = instance;
        if (n == null) {
            synchronized (Nvrtc.class) {
                if (instance == null) {
                    instance = new Nvrtc(NativeLibraries.load("libnvrtc.so.13", "libnvrtc-builtins.so.13.0"));
                }
                n = instance;
            }
        }
        return n;
    }

    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lib.find(name)
                .orElseThrow(() -> new CudaException("libnvrtc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor);
    }

    /** "major.minor" of the loaded NVRTC. */
    public String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check((int) version.invokeExact(major, minor), "nvrtcVersion");
            return major.get(JAVA_INT, 0) + "." + minor.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Compiles one translation unit to a cubin.
     *
     * @param kernelName names the program in errors
     * @param headers    include name to content, resolved by {@code #include "name"}
     * @throws KernelCompileException with NVRTC's log when the source does not compile
     */
    public byte[] compileToCubin(String kernelName, String source, Map<String, String> headers, List<String> options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment progPtr = arena.allocate(ADDRESS);
            MemorySegment headerSources = arena.allocate(ADDRESS, Math.max(1, headers.size()));
            MemorySegment headerNames = arena.allocate(ADDRESS, Math.max(1, headers.size()));
            int i = 0;
            for (Map.Entry<String, String> h : headers.entrySet()) {
                headerSources.setAtIndex(ADDRESS, i, arena.allocateFrom(h.getValue()));
                headerNames.setAtIndex(ADDRESS, i, arena.allocateFrom(h.getKey()));
                i++;
            }
            check((int) createProgram.invokeExact(progPtr, arena.allocateFrom(source),
                    arena.allocateFrom(kernelName + ".cu"), headers.size(), headerSources, headerNames),
                    "nvrtcCreateProgram");
            MemorySegment prog = progPtr.get(ADDRESS, 0);
            try {
                MemorySegment opts = arena.allocate(ADDRESS, Math.max(1, options.size()));
                for (int o = 0; o < options.size(); o++) {
                    opts.setAtIndex(ADDRESS, o, arena.allocateFrom(options.get(o)));
                }
                int result = (int) compileProgram.invokeExact(prog, options.size(), opts);
                if (result != 0) {
                    throw new KernelCompileException(kernelName, errorName(result), log(arena, prog));
                }
                MemorySegment size = arena.allocate(JAVA_LONG);
                check((int) getCubinSize.invokeExact(prog, size), "nvrtcGetCUBINSize");
                MemorySegment cubin = arena.allocate(size.get(JAVA_LONG, 0));
                check((int) getCubin.invokeExact(prog, cubin), "nvrtcGetCUBIN");
                return cubin.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            } finally {
                int ignored = (int) destroyProgram.invokeExact(progPtr);
            }
        } catch (CudaException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private String log(Arena arena, MemorySegment prog) throws Throwable {
        MemorySegment size = arena.allocate(JAVA_LONG);
        check((int) getLogSize.invokeExact(prog, size), "nvrtcGetProgramLogSize");
        MemorySegment text = arena.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
        check((int) getLog.invokeExact(prog, text), "nvrtcGetProgramLog");
        return text.getString(0).strip();
    }

    private String errorName(int result) throws Throwable {
        MemorySegment name = (MemorySegment) errorString.invokeExact(result);
        return name.reinterpret(256).getString(0);
    }

    private void check(int result, String call) throws Throwable {
        if (result != 0) {
            throw new CudaException(call + " failed: " + errorName(result));
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        return new CudaException("NVRTC call failed: " + t, t);
    }
}
