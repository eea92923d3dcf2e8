package dev.graft.engine.cuda;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;

import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;

/**
 * The launches of a piece of work captured once from a stream and replayed as one
 * graph. Replays read whatever the captured buffers hold, so a decode step is replayed
 * with new data by copying it into the same buffers.
 */
public final class CudaGraph implements AutoCloseable {
    private final CUgraph graph = new CUgraph();
    private final CUgraphExec exec = new CUgraphExec();

    private CudaGraph() {
    }

    /** Captures every launch {@code work} makes on {@code stream}; nothing runs during capture. */
    public static CudaGraph capture(CudaStream stream, Runnable work) {
        CudaGraph g = new CudaGraph();
        CudaCheck.call(cuStreamBeginCapture(stream.handle(),
                CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL), "cuStreamBeginCapture");
        try {
            work.run();
        } finally {
            CudaCheck.call(cuStreamEndCapture(stream.handle(), g.graph), "cuStreamEndCapture");
        }
        CudaCheck.call(cuGraphInstantiate(g.exec, g.graph, 0), "cuGraphInstantiate");
        return g;
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
