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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * NCCL (libnccl.so.2, built for CUDA 13) through java.lang.foreign: the calls that
 * pipeline and data-parallel workers of one process need. Communicators come from
 * {@link #initAll}, one per device of a clique, each then used by one thread. Loaded
 * on first use; {@link #unavailableReason} says why it cannot be, without throwing.
 * Every process that loads it keeps NVLink multicast off (NCCL_NVLS_ENABLE=0).
 */
public final class Nccl {
    /** ncclDataType_t and ncclRedOp_t values of nccl.h. */
    static final int UINT8 = 1;
    static final int FLOAT32 = 7;
    static final int AVG = 4;
    /** ncclInProgress: a nonblocking call has not finished; ncclCommGetAsyncError reports it while ops run. */
    static final int IN_PROGRESS = 7;

    private static final Linker LINKER = Linker.nativeLinker();
    private static Nccl loaded;
    private static String loadFailure;

    final MethodHandle commInitAll;
    final MethodHandle send;
    final MethodHandle recv;
    final MethodHandle allReduce;
    final MethodHandle groupStart;
    final MethodHandle groupEnd;
    final MethodHandle commAbort;
    final MethodHandle commDestroy;
    final MethodHandle asyncError;
    private final MethodHandle errorString;
    private final String version;

    private Nccl(SymbolLookup lib) throws Throwable {
        MethodHandle getVersion = handle(lib, "ncclGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        commInitAll = handle(lib, "ncclCommInitAll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        send = handle(lib, "ncclSend", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        recv = handle(lib, "ncclRecv", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        allReduce = handle(lib, "ncclAllReduce", FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
        groupStart = handle(lib, "ncclGroupStart", FunctionDescriptor.of(JAVA_INT));
        groupEnd = handle(lib, "ncclGroupEnd", FunctionDescriptor.of(JAVA_INT));
        commAbort = handle(lib, "ncclCommAbort", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        commDestroy = handle(lib, "ncclCommDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        asyncError = handle(lib, "ncclCommGetAsyncError", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        errorString = handle(lib, "ncclGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check((int) getVersion.invokeExact(out), "ncclGetVersion");
            int code = out.get(JAVA_INT, 0);
            version = code / 10000 + "." + code / 100 % 100 + "." + code % 100;
        }
    }

    /** Why NCCL cannot be used here (library missing or broken), or empty when it can. */
    public static synchronized Optional<String> unavailableReason() {
        if (loaded == null && loadFailure == null) {
            try {
                loaded = new Nccl(NativeLibraries.load("libnccl.so.2"));
            } catch (Throwable e) {
                loadFailure = "NCCL unavailable: " + e.getMessage();
            }
        }
        return Optional.ofNullable(loadFailure);
    }

    /** The loaded library; a {@link CudaException} saying why when there is none. */
    public static Nccl get() {
        unavailableReason().ifPresent(reason -> {
            throw new CudaException(reason);
        });
        return loaded;
    }

    /** "2.28.3". */
    public String version() {
        return version;
    }

    /**
     * One communicator per device of {@code ordinals} (rank i on {@code ordinals[i]}),
     * made together from the calling thread. The ordinals must be distinct: NCCL refuses
     * two ranks on one GPU.
     */
    public List<NcclCommunicator> initAll(int[] ordinals) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment comms = arena.allocate(ADDRESS, ordinals.length);
            MemorySegment devs = arena.allocateFrom(JAVA_INT, ordinals);
            check((int) commInitAll.invokeExact(comms, ordinals.length, devs), "ncclCommInitAll");
            List<NcclCommunicator> out = new ArrayList<>();
            for (int i = 0; i < ordinals.length; i++) {
                out.add(new NcclCommunicator(this, comms.getAtIndex(ADDRESS, i), i, ordinals.length, ordinals[i]));
            }
            return out;
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new CudaException("ncclCommInitAll: " + e, e);
        }
    }

    /** Throws a {@link CudaException} naming the call and NCCL's own words for a failed result. */
    void check(int result, String call) {
        if (result != 0) {
            throw new CudaException(call + " failed: " + describe(result) + " (ncclResult " + result + ")");
        }
    }

    String describe(int result) {
        try {
            MemorySegment text = (MemorySegment) errorString.invokeExact(result);
            return text.reinterpret(1024).getString(0);
        } catch (Throwable e) {
            return "error " + result;
        }
    }

    private static MethodHandle handle(SymbolLookup lib, String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(lib.find(name).orElseThrow(
                () -> new CudaException("libnccl.so.2 has no " + name)), descriptor);
    }
}
