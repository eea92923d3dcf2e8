package dev.graft.engine.cuda;

/** A kernel template that NVRTC refused; the message names the kernel and carries NVRTC's log. */
public final class KernelCompileException extends CudaException {
    private final String log;

    public KernelCompileException(String kernelName, String nvrtcError, String log) {
        super("kernel " + kernelName + " failed to compile (" + nvrtcError + "):\n" + log);
        this.log = log;
    }

    public String log() {
        return log;
    }
}
