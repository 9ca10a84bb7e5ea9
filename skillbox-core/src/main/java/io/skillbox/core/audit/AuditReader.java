package io.skillbox.core.audit;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Reads a log for display ({@code skillbox audit show}): the complete entries in order. A torn final line,
 * which a crashed writer or a write in progress leaves, is skipped; a malformed line elsewhere fails the
 * read, as does a missing file. Reading proves nothing about integrity: that is {@link AuditVerifier}'s
 * job.
 */
public final class AuditReader {
    private AuditReader() {}

    /** Every complete entry, in file order. */
    public static List<AuditEntry> read(Path file) {
        return read(file, entry -> true);
    }

    /** The entries about one run. */
    public static List<AuditEntry> forRun(Path file, String runId) {
        Objects.requireNonNull(runId, "runId");
        return read(file, entry -> runId.equals(entry.runId()));
    }

    /** The lines about one run, verbatim (e.g. for a forensics bundle, where each can be checked against its hash). */
    public static List<String> linesForRun(Path file, String runId) {
        Objects.requireNonNull(runId, "runId");
        List<String> out = new ArrayList<>();
        try (LineScanner lines = new LineScanner(file)) {
            for (LineScanner.Line line = lines.next(); line != null && line.complete(); line = lines.next()) {
                if (runId.equals(decode(file, line).runId())) {
                    out.add(new String(line.bytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<AuditEntry> read(Path file, Predicate<AuditEntry> keep) {
        List<AuditEntry> entries = new ArrayList<>();
        try (LineScanner lines = new LineScanner(file)) {
            for (LineScanner.Line line = lines.next(); line != null && line.complete(); line = lines.next()) {
                AuditEntry entry = decode(file, line);
                if (keep.test(entry)) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private static AuditEntry decode(Path file, LineScanner.Line line) {
        try {
            if (line.bytes() == null) {
                throw new MalformedEntryException("longer than the " + AuditLine.MAX_BYTES + " bytes an entry has");
            }
            return AuditLine.decode(line.bytes(), line.hash(), line.offset(), line.number());
        } catch (MalformedEntryException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "line " + line.number() + " (byte " + line.offset()
                    + ") of the audit log " + file + " is not an audit entry: " + e.getMessage()
                    + "; `skillbox audit verify` lists every problem");
        }
    }
}
