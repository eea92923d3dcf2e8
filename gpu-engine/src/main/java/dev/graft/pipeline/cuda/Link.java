package dev.graft.pipeline.cuda;

import dev.graft.engine.cuda.CudaStream;
import dev.graft.engine.cuda.NcclCommunicator;

/**
 * The NCCL path from pipeline device {@code from} to device {@code to}: a
 * communicator of two ranks used in that direction only (rank 0 sends, rank 1
 * receives), so each rank has one thread, and the receiver's stream (sends go on the
 * stream of the pass that computed what they send). Two links per pair of devices,
 * one each way, so that a transfer one way never queues behind one the other way.
 */
record Link(int from, int to, NcclCommunicator sender, NcclCommunicator receiver, CudaStream receiveStream) {

    void abort() {
        sender.abort();
        receiver.abort();
    }
}
