package io.skillbox.core.audit;

import java.util.Objects;

/**
 * How an {@link AuditLog} writes.
 *
 * @param fsync           when appended entries are forced to disk
 * @param checkpointEvery a signed checkpoint follows every this many entries this writer appends (at
 *                        least 1); entries after the last checkpoint are chained but not yet signed
 */
public record AuditOptions(FsyncPolicy fsync, int checkpointEvery) {
    /** fsync every entry, sign every 64 entries. */
    public static final AuditOptions DEFAULT = new AuditOptions(FsyncPolicy.ENTRY, 64);

    public AuditOptions {
        Objects.requireNonNull(fsync, "fsync");
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1, not " + checkpointEvery);
        }
    }
}
