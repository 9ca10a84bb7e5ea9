package io.skillbox.core.audit;

import io.skillbox.core.audit.AuditReport.Problem;
import io.skillbox.core.crypto.Ed25519;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Checks a log end to end: each line's canonical form, the seq sequence, the hash chain, every
 * checkpoint's signature and key, and the head file, which must name an entry still in the log. Every
 * break found is reported with its line, byte offset and seq; the scan resynchronises after each, so
 * one edit is not reported again on every later line.
 */
public final class AuditVerifier {
    private final Path file;
    private final Optional<PublicKey> expectedKey;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Without an expected key: the key of the first valid checkpoint, which all others must share. */
    private PublicKey signer;
    private HeadFile head;
    /** The entry with the head file's seq, preferring one with its hash. */
    private AuditEntry headEntry;
    private long entries;
    private long checkpoints;
    private long expectedSeq = 1;
    private String prevHash = AuditLine.ZERO_HASH;
    private long lastSeq;
    private long lastCheckpointSeq;
    private long unsigned;
    private int completeLines;
    private long completeEnd;

    private AuditVerifier(Path file, Optional<PublicKey> expectedKey) {
        this.file = file;
        this.expectedKey = expectedKey;
    }

    /**
     * @param key the key every checkpoint and the head file must be signed by; when empty, they must all
     *            be signed by one key, whose id the report names
     * @throws java.io.UncheckedIOException if the log or its head file cannot be read
     */
    public static AuditReport verify(Path file, Optional<PublicKey> key) {
        AuditVerifier verifier = new AuditVerifier(file, key);
        verifier.run();
        verifier.problems.sort(Comparator.comparingLong(Problem::line));
        PublicKey required = key.orElse(verifier.signer);
        return new AuditReport(verifier.problems.isEmpty(), verifier.entries, verifier.checkpoints,
                required == null ? null : Ed25519.keyId(required), verifier.problems, verifier.warnings);
    }

    private void run() {
        if (!Files.isRegularFile(file)) {
            problems.add(new Problem(0, 0, null, "there is no audit log at " + file));
            return;
        }
        String headError = readHead();
        try (LineScanner lines = new LineScanner(file)) {
            for (LineScanner.Line line = lines.next(); line != null; line = lines.next()) {
                if (!line.complete()) {
                    warnings.add("incomplete final entry at byte offset " + line.offset() + " (line " + line.number()
                            + ", " + line.length() + " bytes without a newline): a writer crashed mid-write or is "
                            + "writing now; the next AuditLog.open cuts it off");
                    break;
                }
                check(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file + ": " + e.getMessage(), e);
        }
        checkHead(headError);
        if (unsigned > 0) {
            warnings.add(lastCheckpointSeq == 0 ? "no checkpoint yet: the " + unsigned + " entries are not signed"
                    : unsigned + " entries after the last checkpoint (seq " + lastCheckpointSeq + ") are not signed yet");
        }
    }

    /** Reads the head file; returns what is wrong with it, or null. */
    private String readHead() {
        try {
            head = HeadFile.read(file).orElse(null);
            return null;
        } catch (MalformedEntryException e) {
            return "the head file " + HeadFile.pathFor(file) + " is unreadable: " + e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + HeadFile.pathFor(file) + ": " + e.getMessage(), e);
        }
    }

    private void check(LineScanner.Line line) {
        entries++;
        completeLines = line.number();
        completeEnd = line.end();
        AuditEntry entry = decode(line);
        if (entry == null) {
            expectedSeq++;
            prevHash = line.hash();
            unsigned++;
            return;
        }
        if (entry.seq() != expectedSeq) {
            problem(entry, "seq " + entry.seq() + " where " + expectedSeq
                    + " should follow: entries were deleted, inserted or reordered here");
        }
        if (!entry.prev().equals(prevHash)) {
            problem(entry, entry.line() == 1 ? "the first line's prev is not 64 zeros: entries before it were removed"
                    : "prev is not the hash of line " + (entry.line() - 1) + ": that line was changed, or entries "
                            + "were deleted, inserted or reordered here");
        }
        boolean signed = entry.isCheckpoint() && checkCheckpoint(entry);
        if (!entry.isCheckpoint() && entry.type().startsWith(AuditEntry.RESERVED_PREFIX)
                && !entry.type().equals(AuditEntry.RECOVERED)) {
            problem(entry, "the type " + entry.type() + " is reserved to the log, which never writes it");
        }
        if (signed) {
            lastCheckpointSeq = entry.seq();
            unsigned = 0;
        } else {
            unsigned++;
        }
        if (head != null && entry.seq() == head.seq()
                && (headEntry == null || !headEntry.hash().equals(head.hash()))) {
            headEntry = entry;
        }
        expectedSeq = entry.seq() + 1;
        prevHash = entry.hash();
        lastSeq = entry.seq();
    }

    private AuditEntry decode(LineScanner.Line line) {
        try {
            if (line.bytes() == null) {
                throw new MalformedEntryException("longer than the " + AuditLine.MAX_BYTES + " bytes an entry has");
            }
            return AuditLine.decode(line.bytes(), line.hash(), line.offset(), line.number());
        } catch (MalformedEntryException e) {
            problems.add(new Problem(line.number(), line.offset(), null, "not a valid audit entry: " + e.getMessage()));
            return null;
        }
    }

    /** True when the checkpoint validly signs the entry before it with the right key. */
    private boolean checkCheckpoint(AuditEntry entry) {
        checkpoints++;
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(entry.data());
        } catch (MalformedEntryException e) {
            problem(entry, "malformed checkpoint: " + e.getMessage());
            return false;
        }
        boolean valid = true;
        if (checkpoint.headSeq() != entry.seq() - 1 || !checkpoint.head().equals(entry.prev())) {
            problem(entry, "the checkpoint signs seq " + checkpoint.headSeq() + " and hash " + checkpoint.head()
                    + ", not the entry before it");
            valid = false;
        }
        if (!checkpoint.signatureValid()) {
            problem(entry, "the checkpoint's signature does not verify");
            return false;
        }
        return acceptSigner(checkpoint.key(), entry.line(), entry.offset(), entry.seq(), "this checkpoint") && valid;
    }

    private boolean acceptSigner(PublicKey key, long line, long offset, long seq, String what) {
        PublicKey required = expectedKey.orElse(signer);
        if (required == null) {
            signer = key;
            return true;
        }
        if (Signatures.sameKey(key, required)) {
            return true;
        }
        problems.add(new Problem(line, offset, seq, what + " is signed by key " + Ed25519.keyId(key)
                + (expectedKey.isPresent() ? ", not by the given key " : ", but earlier checkpoints by ")
                + Ed25519.keyId(required)));
        return false;
    }

    /** Loss at the end of the log shows only here; it is reported where the complete lines end. */
    private void checkHead(String headError) {
        long endLine = completeLines + 1L;
        if (headError != null) {
            problems.add(new Problem(endLine, completeEnd, null, headError));
            return;
        }
        if (head == null) {
            if (checkpoints > 0) {
                problems.add(new Problem(endLine, completeEnd, null, "the head file " + HeadFile.pathFor(file)
                        + " is missing, though the log has checkpoints: entries cut off the end would go unnoticed"));
            }
            return;
        }
        if (head.signatureValid()) {
            acceptSigner(head.key(), endLine, completeEnd, head.seq(), "the head file");
        } else {
            problems.add(new Problem(endLine, completeEnd, head.seq(), "the head file's signature does not verify"));
        }
        if (headEntry == null) {
            problems.add(new Problem(endLine, completeEnd, head.seq(), lastSeq < head.seq()
                    ? "the log ends at seq " + lastSeq + " but the head file vouches for seq " + head.seq()
                            + ": whole entries were cut off the end"
                    : "entry " + head.seq() + ", which the head file vouches for, is missing"));
        } else if (!headEntry.hash().equals(head.hash())) {
            problem(headEntry, "this entry's hash is not the one the head file vouches for: it was changed");
        } else if (head.seq() < lastCheckpointSeq) {
            warnings.add("the head file vouches for seq " + head.seq() + " but the last checkpoint is seq "
                    + lastCheckpointSeq + ": a writer stopped between writing a checkpoint and the head file");
        }
    }

    private void problem(AuditEntry entry, String message) {
        problems.add(new Problem(entry.line(), entry.offset(), entry.seq(), message));
    }
}
