package dev.graft.attention;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attention variant described as data. Flags (causal, soft-cap on, window on, ALiBi,
 * mask mode, RoPE on) are resolved when a kernel is compiled, so each combination is its
 * own specialization of one kernel family; the numbers (scale, cap, window, theta) are
 * run-time parameters of that specialization.
 *
 * <p>Logits, in order: {@code s = (q . k) * smScale}; soft-cap {@code s = cap * tanh(s / cap)};
 * ALiBi {@code s += slope(h) * (kPos - qPos)}; custom mask {@code s += bias}; then keys with
 * {@code kPos > qPos} (causal) or {@code kPos < qPos - windowLeft} (sliding window) are
 * dropped. Query row i of a request of qoLen queries over kvLen keys sits at position
 * {@code qPos = kvLen - qoLen + i}. RoPE (Llama layout: element i pairs with i + d/2,
 * frequency {@code theta^(-2i/d)}) rotates q at qPos and k at kPos before the product.
 *
 * @param causal        drop keys after the query's position
 * @param smScale       logits scale; NaN means {@code 1 / sqrt(headDim)}
 * @param logitsSoftCap cap of the tanh soft-cap; 0 means off
 * @param windowLeft    keys at most this many positions before the query stay; -1 means off
 * @param alibi         add ALiBi position biases with the standard per-head slopes
 * @param mask          custom additive mask given at run time
 * @param ropeTheta     RoPE base of q and k, applied in the kernel; 0 means off
 */
public record AttentionVariant(boolean causal, double smScale, double logitsSoftCap, int windowLeft,
                               boolean alibi, MaskMode mask, double ropeTheta) {

    /** Plain softmax attention, not causal, scale 1/sqrt(d). */
    public static final AttentionVariant DEFAULT =
            new AttentionVariant(false, Double.NaN, 0, -1, false, MaskMode.NONE, 0);

    public AttentionVariant {
        if (logitsSoftCap < 0 || Double.isNaN(logitsSoftCap)) {
            throw new AttentionInputException("attention variant: logits soft-cap must be >= 0, got " + logitsSoftCap);
        }
        if (windowLeft < -1) {
            throw new AttentionInputException("attention variant: window_left must be -1 (off) or >= 0, got " + windowLeft);
        }
        if (ropeTheta < 0 || Double.isNaN(ropeTheta)) {
            throw new AttentionInputException("attention variant: rope theta must be >= 0, got " + ropeTheta);
        }
        if (mask == null) {
            throw new AttentionInputException("attention variant: mask mode is missing");
        }
    }

    public AttentionVariant withCausal(boolean on) {
        return new AttentionVariant(on, smScale, logitsSoftCap, windowLeft, alibi, mask, ropeTheta);
    }

    public AttentionVariant withScale(double scale) {
        return new AttentionVariant(causal, scale, logitsSoftCap, windowLeft, alibi, mask, ropeTheta);
    }

    public AttentionVariant withSoftCap(double cap) {
        return new AttentionVariant(causal, smScale, cap, windowLeft, alibi, mask, ropeTheta);
    }

    public AttentionVariant withWindowLeft(int window) {
        return new AttentionVariant(causal, smScale, logitsSoftCap, window, alibi, mask, ropeTheta);
    }

    public AttentionVariant withAlibi(boolean on) {
        return new AttentionVariant(causal, smScale, logitsSoftCap, windowLeft, on, mask, ropeTheta);
    }

    public AttentionVariant withMask(MaskMode mode) {
        return new AttentionVariant(causal, smScale, logitsSoftCap, windowLeft, alibi, mode, ropeTheta);
    }

    public AttentionVariant withRope(double theta) {
        return new AttentionVariant(causal, smScale, logitsSoftCap, windowLeft, alibi, mask, theta);
    }

    public double scaleFor(int headDim) {
        return Double.isNaN(smScale) ? 1.0 / Math.sqrt(headDim) : smScale;
    }

    /**
     * The compile-time flags of this variant, by name, as 0/1 (mask: 0 none, 1 shared,
     * 2 per head). Kernel templates read them as preprocessor macros.
     */
    public Map<String, Integer> flags() {
        Map<String, Integer> flags = new LinkedHashMap<>();
        flags.put("CAUSAL", causal ? 1 : 0);
        flags.put("SOFTCAP", logitsSoftCap > 0 ? 1 : 0);
        flags.put("WINDOW", windowLeft >= 0 ? 1 : 0);
        flags.put("ALIBI", alibi ? 1 : 0);
        flags.put("MASK", mask.ordinal());
        flags.put("ROPE", ropeTheta > 0 ? 1 : 0);
        return flags;
    }

    /** A short name made of every flag, for kernel names and cache keys. */
    public String specializationName() {
        StringBuilder name = new StringBuilder();
        flags().forEach((k, v) -> name.append(k.toLowerCase(java.util.Locale.ROOT)).append(v));
        return name.toString();
    }
}
