package dev.graft.engine.cuda;

/** A failed CUDA, NVRTC or cuBLAS call, or a CUDA device that is missing or cannot serve a request. */
public class CudaException extends RuntimeException {
    public CudaException(String message) {
        super(message);
    }

    public CudaException(String message, Throwable cause) {
        super(message, cause);
    }
}
