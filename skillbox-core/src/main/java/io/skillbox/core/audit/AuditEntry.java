package io.skillbox.core.audit;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One line of the audit log, as written or read.
 *
 * @param seq    position in the log, from 1 without gaps
 * @param time   when the writer appended it, in microseconds, UTC
 * @param type   what happened, e.g. {@code run.requested}; types starting {@code audit.} are the log's own
 * @param runId  the run it concerns, or null
 * @param data   the event's details, a JSON object
 * @param prev   {@link #hash} of the entry before it; 64 zeros for the first
 * @param hash   SHA-256 (hex) of the line's exact bytes without the newline
 * @param offset byte offset of the line in the file
 * @param line   line number in the file, from 1 (equal to {@code seq} in an intact log)
 */
public record AuditEntry(long seq, Instant time, String type, String runId, JsonNode data, String prev, String hash,
        long offset, int line) {
    /** The type of a signed checkpoint; its data is specified in docs/AUDIT.md. */
    public static final String CHECKPOINT = "audit.checkpoint";
    /** The type of the entry a writer appends after discarding a torn, half-written tail. */
    public static final String RECOVERED = "audit.recovered";
    /** Types with this prefix are written only by the log itself. */
    public static final String RESERVED_PREFIX = "audit.";

    public boolean isCheckpoint() {
        return CHECKPOINT.equals(type);
    }
}
