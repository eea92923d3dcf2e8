package dev.graft.engine.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static jcuda.driver.JCudaDriver.cuStreamQuery;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;

/**
 * One rank of an NCCL communicator, on one GPU, used by one thread: point-to-point
 * sends and receives and a float mean all-reduce, enqueued on a stream of that GPU's
 * context, and a bounded wait for them. {@link #abort} (from any thread) makes every
 * pending operation of the communicator return, which is how a failed worker
 * releases the peers waiting on it.
 */
public final class NcclCommunicator {
    private static final long POLL_NANOS = 20_000;

    private final Nccl nccl;
    private final MemorySegment comm;
    private final int rank;
    private final int size;
    private final int ordinal;
    private final AtomicBoolean gone = new AtomicBoolean();

    NcclCommunicator(Nccl nccl, MemorySegment comm, int rank, int size, int ordinal) {
        this.nccl = nccl;
        this.comm = comm;
        this.rank = rank;
        this.size = size;
        this.ordinal = ordinal;
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** The CUDA device this rank lives on. */
    public int ordinal() {
        return ordinal;
    }

    /** Enqueues a send of {@code bytes} bytes at {@code data} to rank {@code peer}. */
    public void send(CUdeviceptr data, long bytes, int peer, CudaStream stream) {
        requireLive("ncclSend");
        try {
            nccl.check((int) nccl.send.invokeExact(address(data), bytes, Nccl.UINT8, peer, comm, address(stream)),
                    "ncclSend to rank " + peer);
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new CudaException("ncclSend: " + e, e);
        }
    }

    /** Enqueues a receive of {@code bytes} bytes from rank {@code peer} into {@code data}. */
    public void recv(CUdeviceptr data, long bytes, int peer, CudaStream stream) {
        requireLive("ncclRecv");
        try {
            nccl.check((int) nccl.recv.invokeExact(address(data), bytes, Nccl.UINT8, peer, comm, address(stream)),
                    "ncclRecv from rank " + peer);
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new CudaException("ncclRecv: " + e, e);
        }
    }

    /** Enqueues an in-place mean over the ranks (ncclAvg) of {@code count} floats at {@code data}. */
    public void allReduceMean(CUdeviceptr data, long count, CudaStream stream) {
        requireLive("ncclAllReduce");
        try {
            MemorySegment buffer = address(data);
            nccl.check((int) nccl.allReduce.invokeExact(buffer, buffer, count, Nccl.FLOAT32, Nccl.AVG, comm,
                    address(stream)), "ncclAllReduce");
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new CudaException("ncclAllReduce: " + e, e);
        }
    }

    /**
     * Waits until everything enqueued on {@code stream} has run, or until
     * {@code deadlineNanos} (System.nanoTime); false when the deadline passed first.
     * Fails at once when the communicator reports an asynchronous error or was aborted.
     */
    public boolean await(CudaStream stream, long deadlineNanos) {
        while (true) {
            int status = cuStreamQuery(stream.handle());
            if (status == CUresult.CUDA_SUCCESS) {
                return true;
            }
            if (status != CUresult.CUDA_ERROR_NOT_READY) {
                throw new CudaException("stream of rank " + rank + " (cuda:" + ordinal + ") failed: "
                        + CUresult.stringFor(status));
            }
            requireHealthy("waiting for a transfer");
            if (System.nanoTime() - deadlineNanos >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Ends every pending operation; the communicator cannot be used again. Idempotent, any thread. */
    public void abort() {
        if (gone.compareAndSet(false, true)) {
            try {
                int ignored = (int) nccl.commAbort.invokeExact(comm);
            } catch (Throwable e) {
                // Aborting is the last resort of a failure path: nothing is left to report to.
            }
        }
    }

    /** Releases the communicator after its operations have finished. */
    public void destroy() {
        if (gone.compareAndSet(false, true)) {
            try {
                nccl.check((int) nccl.commDestroy.invokeExact(comm), "ncclCommDestroy");
            } catch (CudaException e) {
                throw e;
            } catch (Throwable e) {
                throw new CudaException("ncclCommDestroy: " + e, e);
            }
        }
    }

    /**
     * Throws if the communicator was aborted or NCCL reports an asynchronous error; does
     * not wait: for a caller that watches transfers itself (by events) instead of {@link #await}.
     */
    public void requireHealthy(String what) {
        requireLive(what);
        checkAsyncError();
    }

    private void checkAsyncError() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            nccl.check((int) nccl.asyncError.invokeExact(comm, out), "ncclCommGetAsyncError");
            int async = out.get(JAVA_INT, 0);
            if (async != 0 && async != Nccl.IN_PROGRESS) {
                throw new CudaException("NCCL rank " + rank + " (cuda:" + ordinal + "): " + nccl.describe(async));
            }
        } catch (CudaException e) {
            throw e;
        } catch (Throwable e) {
            throw new CudaException("ncclCommGetAsyncError: " + e, e);
        }
    }

    private void requireLive(String what) {
        if (gone.get()) {
            throw new CudaException(what + ": the NCCL communicator of rank " + rank + " (cuda:" + ordinal
                    + ") was aborted after a failure");
        }
    }

    private static MemorySegment address(CUdeviceptr p) {
        return MemorySegment.ofAddress(NativeHandles.address(p));
    }

    private static MemorySegment address(CudaStream s) {
        return MemorySegment.ofAddress(NativeHandles.address(s.handle()));
    }
}
