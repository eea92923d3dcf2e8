package dev.graft.attention;

/**
 * What the scheduler needs to know of a GPU: how many multiprocessors it has and how
 * many CTAs of the kernel at hand fit on one at a time. The plan aims at filling
 * {@code numSms * ctasPerSm} CTAs.
 */
public record DeviceShape(int numSms, int ctasPerSm) {
    public DeviceShape {
        if (numSms <= 0 || ctasPerSm <= 0) {
            throw new AttentionInputException("device shape: need positive SM count and CTAs per SM, got "
                    + numSms + " and " + ctasPerSm);
        }
    }

    public int concurrentCtas() {
        return numSms * ctasPerSm;
    }
}
