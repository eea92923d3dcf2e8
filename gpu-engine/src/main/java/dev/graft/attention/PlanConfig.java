package dev.graft.attention;

/**
 * The kernel facts a plan depends on.
 *
 * @param qoTile       query rows one CTA handles (1 for the decode kernel)
 * @param ctasPerItem  CTAs that each work item launches (one per KV head for decode, one per
 *                     query head for prefill)
 * @param kvChunkAlign KV chunks are multiples of this many tokens (the kernel's KV tile)
 * @param device       the GPU to fill
 * @param directOutput whether the kernel can write finished output rows itself, so that an
 *                     item alone on its rows skips the partial state and the merge
 */
public record PlanConfig(int qoTile, int ctasPerItem, int kvChunkAlign, DeviceShape device, boolean directOutput) {
    public PlanConfig {
        if (qoTile <= 0 || ctasPerItem <= 0 || kvChunkAlign <= 0) {
            throw new AttentionInputException("plan config: tile, CTAs per item and chunk alignment must be positive");
        }
    }

    /** For a kernel that writes partial states only. */
    public PlanConfig(int qoTile, int ctasPerItem, int kvChunkAlign, DeviceShape device) {
        this(qoTile, ctasPerItem, kvChunkAlign, device, false);
    }
}
