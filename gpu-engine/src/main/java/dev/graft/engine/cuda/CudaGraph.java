package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;
import static jcuda.driver.JCudaDriver.cuStreamIsCapturing;

import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUresult;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.CUstreamCaptureStatus;

/**
 * The launches of a piece of work captured once from a stream and replayed as one
 * graph. Replays read whatever the captured buffers hold, so a decode step is replayed
 * with new data by copying it into the same buffers.
 *
 * <p>A call that capture forbids (an allocation from the driver, a wait for the stream)
 * invalidates the capture, and the driver says so only when the capture ends. So
 * while this thread captures, every checked driver call ({@link CudaCheck}) also checks
 * that the capture is still valid and, if not, throws naming itself; the pool refuses to
 * allocate; and an exception of the work is what {@link #capture} throws, not the end of
 * the capture it cut short.
 */
public final class CudaGraph implements AutoCloseable {
    /** The stream this thread is capturing (capture is thread-local), or null. */
    private static final ThreadLocal<CudaStream> CAPTURING = new ThreadLocal<>();

    private final CUgraph graph = new CUgraph();
    private final CUgraphExec exec = new CUgraphExec();

    private CudaGraph() {
    }

    /** Captures every launch {@code work} makes on {@code stream}; nothing runs during capture. */
    public static CudaGraph capture(CudaStream stream, Runnable work) {
        CudaGraph g = new CudaGraph();
        CudaCheck.call(cuStreamBeginCapture(stream.handle(),
                CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture");
        CAPTURING.set(stream);
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            CAPTURING.remove();
            // ends the capture so the stream takes work again; the work's failure is the news
            if (cuStreamEndCapture(stream.handle(), g.graph) == CUresult.CUDA_SUCCESS) {
                cuGraphDestroy(g.graph);
            }
            throw e;
        }
        CAPTURING.remove();
        CudaCheck.call(cuStreamEndCapture(stream.handle(), g.graph),
                "cuStreamEndCapture (after the last checked call of the captured work)");
        int instantiated = cuGraphInstantiate(g.exec, g.graph, 0);
        if (instantiated != CUresult.CUDA_SUCCESS) {
            cuGraphDestroy(g.graph);
            CudaCheck.call(instantiated, "cuGraphInstantiate");
        }
        return g;
    }

    /** Whether this thread is capturing a stream. */
    static boolean capturing() {
        return CAPTURING.get() != null;
    }

    /**
     * Throws when this thread is capturing and its capture is no longer valid: {@code
     * call}, a checked call that has just succeeded, or an unchecked one made since the
     * previous checked call, did something capture forbids.
     */
    static void requireValidCapture(String call) {
        CudaStream stream = CAPTURING.get();
        if (stream == null) {
            return;
        }
        int[] status = new int[1];
        int result = cuStreamIsCapturing(stream.handle(), status);
        if (result != CUresult.CUDA_SUCCESS || status[0] != CUstreamCaptureStatus.CU_STREAM_CAPTURE_STATUS_ACTIVE) {
            throw new CudaException(call + " invalidated the CUDA graph capture of its stream (or an unchecked call "
                    + "since the checked call before it did): capture takes only work queued on that stream, no "
                    + "allocation from the driver or wait");
        }
    }

    public void launch(CudaStream stream) {
        CudaCheck.call(cuGraphLaunch(exec, stream.handle()), "cuGraphLaunch");
    }

    @Override
    public void close() {
        cuGraphExecDestroy(exec);
        cuGraphDestroy(graph);
    }
}
