package io.skillbox.core.audit;

import java.util.List;

/**
 * What {@link AuditVerifier} found.
 *
 * @param intact      true when there is no problem; warnings do not make a log broken
 * @param entries     complete lines in the log, checkpoints included
 * @param checkpoints lines of type {@code audit.checkpoint}
 * @param keyId       the id of the key the log must be signed by (the given key, else the one its
 *                    checkpoints use), or null when nothing is signed
 * @param problems    evidence of tampering or loss, in file order
 * @param warnings    states a crash or a still-running writer leaves behind: a torn final line, entries
 *                    not yet covered by a checkpoint, a head file one checkpoint behind
 */
public record AuditReport(boolean intact, long entries, long checkpoints, String keyId, List<Problem> problems,
        List<String> warnings) {

    public AuditReport {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /**
     * One break in the log.
     *
     * @param line       line number (from 1) of the entry at fault; for loss at the end of the log, the line
     *                   after the last complete one; 0 when there is no log file at all
     * @param byteOffset where that line starts (for loss at the end: where the complete lines end)
     * @param seq        the seq the entry claims or the head file names, or null when unknown
     * @param message    what is wrong, for a person
     */
    public record Problem(long line, long byteOffset, Long seq, String message) {
        @Override
        public String toString() {
            return "line " + line + " (byte " + byteOffset + (seq == null ? "" : ", seq " + seq) + "): " + message;
        }
    }
}
