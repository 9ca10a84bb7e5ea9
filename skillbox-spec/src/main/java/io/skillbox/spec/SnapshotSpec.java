package io.skillbox.spec;

/**
 * Whether the backend keeps a copy of the scratch space ({@code /work}) for forensics before it is
 * destroyed, and how much of it.
 *
 * @param when     never, only when the run fails or breaks a limit, or always
 * @param maxFiles files kept at most
 * @param maxBytes bytes kept at most, over all files
 */
public record SnapshotSpec(When when, int maxFiles, long maxBytes) {
    public static final SnapshotSpec NEVER = new SnapshotSpec(When.NEVER, 0, 0);

    /** When to snapshot. */
    public enum When {
        NEVER,
        /** The run did not exit 0 by itself, or ran into a limit. */
        ON_TROUBLE,
        ALWAYS
    }

    public SnapshotSpec {
        java.util.Objects.requireNonNull(when, "when");
        if (maxFiles < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("snapshot caps must not be negative");
        }
    }

    public SnapshotSpec always() {
        return new SnapshotSpec(When.ALWAYS, maxFiles, maxBytes);
    }
}
