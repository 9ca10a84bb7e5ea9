package io.skillbox.core.forensics;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Everything a forensics bundle holds, gathered by the caller; {@link ForensicsWriter} only lays it out
 * and signs it. Byte arrays are not copied.
 *
 * @param runId        the run's id
 * @param runRecord    the run's result as JSON ({@code run.json})
 * @param stdout       what the skill wrote to stdout, as captured (already capped by the run)
 * @param stderr       the same for stderr
 * @param spec         the sandbox spec as JSON, or null when the run was refused before there was one
 * @param auditExcerpt the run's audit JSONL lines, verbatim, one JSON document per line
 * @param work         the files kept from {@code /work}; empty unless {@code workInfo} is {@code Captured}
 * @param workInfo     how {@code work} was captured, or why it was not
 * @param createdAt    when the bundle was made
 * @param reason       why it was made, e.g. {@code violation}, {@code failure}, {@code requested}
 */
public record ForensicsContents(
        String runId,
        JsonNode runRecord,
        byte[] stdout,
        byte[] stderr,
        JsonNode spec,
        List<String> auditExcerpt,
        List<SnapshotFile> work,
        WorkSnapshotInfo workInfo,
        Instant createdAt,
        String reason) {

    public ForensicsContents {
        requireText(runId, "runId");
        requireText(reason, "reason");
        Objects.requireNonNull(runRecord, "runRecord");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(workInfo, "workInfo");
        Objects.requireNonNull(createdAt, "createdAt");
        auditExcerpt = List.copyOf(auditExcerpt);
        work = List.copyOf(work);
        for (String line : auditExcerpt) {
            // A line break would split one audit entry into two JSONL lines of the excerpt.
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("an audit line holds a line break");
            }
        }
        if (workInfo instanceof WorkSnapshotInfo.NotCaptured && !work.isEmpty()) {
            throw new IllegalArgumentException("work files given although the snapshot was not captured");
        }
        Set<String> paths = new HashSet<>();
        for (SnapshotFile f : work) {
            if (!paths.add(f.path())) {
                throw new IllegalArgumentException("work file " + f.path() + " given twice");
            }
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
