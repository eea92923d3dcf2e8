// Holds its stream for `nanos` nanoseconds of the GPU's global timer, so that the work queued
// behind it waits until the host has queued all of it: timed then, each piece of that work
// shows the GPU's time alone, without the gaps of the host launching it (NodeTimings).
extern "C" __global__ void hold_stream(const long long nanos) {
    unsigned long long start;
    unsigned long long now;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
    do {
        __nanosleep(10000);
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
    } while (now - start < (unsigned long long)nanos);
}
