package io.skillbox.linux.image;

/**
 * Bounds on one unpack, so a tar bomb fails with a clear error instead of filling the disk.
 *
 * @param maxBytes   the most bytes of regular-file content all layers together may unpack
 * @param maxEntries the most tar entries all layers together may hold
 */
public record UnpackLimits(long maxBytes, int maxEntries) {
    /** 2 GiB and 200,000 entries: more than any image a skill needs. */
    public static final UnpackLimits DEFAULT = new UnpackLimits(2L << 30, 200_000);

    /**
     * Tar framing (headers, padding, pax records) around the content is bounded by this much per entry.
     * Reading past it means the stream is not the tar it claims to be.
     */
    private static final long FRAMING_PER_ENTRY = 8 * 1024;
    private static final long TRAILER = 1 << 20;

    public UnpackLimits {
        if (maxBytes <= 0 || maxEntries <= 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxBytes + ", " + maxEntries);
        }
    }

    /** The most bytes a (decompressed) layer stream may hold: content plus tar framing. */
    long maxStreamBytes() {
        return maxBytes + (long) maxEntries * FRAMING_PER_ENTRY + TRAILER;
    }
}
