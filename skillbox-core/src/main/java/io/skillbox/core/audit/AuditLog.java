package io.skillbox.core.audit;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends entries to an audit log (format: docs/AUDIT.md). Safe for many threads and for many processes
 * appending to one file: every append holds an exclusive lock on the file, learns the current end of the
 * log under it if another writer moved it, and writes its line with one write call. Entries are only
 * ever appended; a torn tail left by a crash is cut off and the cut recorded in an {@code audit.recovered}
 * entry.
 */
public final class AuditLog implements AutoCloseable {
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    /**
     * One lock per file (device and inode, as the JDK's own lock table) for the whole JVM: a second
     * {@link FileLock} on a file this JVM already locks throws OverlappingFileLockException, and closing
     * any channel of the file drops the process's lock.
     */
    private static final ConcurrentHashMap<Object, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final HostKey key;
    private final AuditOptions options;
    private final ReentrantLock jvmLock;
    // The fields below are guarded by jvmLock.
    private FileChannel channel;
    /** The file's size when this writer last looked; if it differs, another writer appended. -1: unknown. */
    private long knownSize = -1;
    private long lastSeq;
    private String lastHash = AuditLine.ZERO_HASH;
    private String lastType;
    private int sinceCheckpoint;
    private boolean closed;

    private AuditLog(Path file, HostKey key, AuditOptions options, FileChannel channel, ReentrantLock jvmLock) {
        this.file = file;
        this.key = key;
        this.options = options;
        this.channel = channel;
        this.jvmLock = jvmLock;
    }

    /**
     * Opens {@code file} for appending, creating it (0600) and its directory (0700) if missing, and
     * recovering a torn tail.
     */
    public static AuditLog open(Path file, HostKey key, AuditOptions options) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        Path path = file.toAbsolutePath().normalize();
        AuditLog log;
        try {
            if (!Files.isDirectory(path.getParent())) {
                Files.createDirectories(path.getParent(), PosixFilePermissions.asFileAttribute(DIR_MODE));
            }
            FileChannel channel = openChannel(path);
            try {
                Object fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                log = new AuditLog(path, key, options, channel, JVM_LOCKS.computeIfAbsent(
                        Objects.requireNonNullElse(fileKey, path.toRealPath()), k -> new ReentrantLock()));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + path + ": " + e.getMessage(), e);
        }
        try {
            log.exclusive(() -> null);
        } catch (RuntimeException e) {
            log.release();
            throw e;
        }
        return log;
    }

    /**
     * Appends one entry and, every {@link AuditOptions#checkpointEvery} entries, a checkpoint.
     *
     * @param type  what happened, e.g. {@code run.finished}; {@code audit.*} types are reserved
     * @param runId the run it concerns, or null
     * @param data  the details; copied, so the caller may reuse the node
     * @return the entry as written
     * @throws IllegalArgumentException for a reserved type, or data the log could not read back (too deep,
     *                                  too long a number) or longer than an entry may be (1 MiB)
     */
    public AuditEntry append(String type, String runId, ObjectNode data) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (type.isBlank() || type.startsWith(AuditEntry.RESERVED_PREFIX)) {
            throw new IllegalArgumentException("an audit entry type is not blank and does not start with '"
                    + AuditEntry.RESERVED_PREFIX + "': " + type);
        }
        JsonNode canonical = AuditLine.canonical(data);
        return exclusive(() -> {
            AuditEntry entry = write(type, runId, canonical);
            if (sinceCheckpoint >= options.checkpointEvery()) {
                writeCheckpoint();
            }
            return entry;
        });
    }

    /** Appends a signed checkpoint now, unless the log is empty or already ends with one. */
    public void checkpoint() {
        exclusive(() -> {
            checkpointIfUnsigned();
            return null;
        });
    }

    /**
     * Forces what was appended so far to stable storage, unless the policy is {@link FsyncPolicy#NONE}
     * (under {@link FsyncPolicy#ENTRY} everything already is).
     */
    public void sync() {
        if (options.fsync() == FsyncPolicy.NONE || options.fsync() == FsyncPolicy.ENTRY) {
            return;
        }
        exclusive(() -> {
            channel.force(false);
            return null;
        });
    }

    /** The log's absolute path. */
    public Path file() {
        return file;
    }

    /** Signs what this writer appended since its last checkpoint, forces the log, and releases it. */
    @Override
    public void close() {
        jvmLock.lock();
        try {
            if (closed) {
                return;
            }
            try {
                exclusive(() -> {
                    if (sinceCheckpoint > 0) {
                        checkpointIfUnsigned();
                    }
                    if (options.fsync() != FsyncPolicy.NONE) {
                        channel.force(false);
                    }
                    return null;
                });
            } finally {
                release();
            }
        } finally {
            jvmLock.unlock();
        }
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code action} holding the JVM lock and the file lock, after catching up with the log's end.
     * The caller's interrupt status is set aside meanwhile: an interrupt would close the shared channel.
     */
    private <T> T exclusive(Locked<T> action) {
        boolean interrupted = Thread.interrupted();
        jvmLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the audit log " + file + " is closed");
            }
            if (!channel.isOpen()) {
                // An interrupt during an earlier call closed it; the state it left is re-read below.
                channel = openChannel(file);
                knownSize = -1;
            }
            try (FileLock held = channel.lock()) {
                catchUp();
                return action.run();
            }
        } catch (IOException e) {
            knownSize = -1;
            throw new UncheckedIOException("cannot write the audit log " + file + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Learns the last entry if another writer moved the end, and cuts off a torn tail. */
    private void catchUp() throws IOException {
        if (channel.size() == knownSize) {
            return;
        }
        LogTail tail;
        try {
            tail = LogTail.read(channel);
            if (tail.lastLine() == null) {
                lastSeq = 0;
                lastHash = AuditLine.ZERO_HASH;
                lastType = null;
            } else {
                AuditEntry last = lastEntry(tail);
                lastSeq = last.seq();
                lastHash = last.hash();
                lastType = last.type();
            }
        } catch (MalformedEntryException e) {
            // Appending after an entry whose seq we cannot know would break the chain for good.
            throw new SkillboxException(ErrorCode.INTERNAL, "cannot append to the audit log " + file
                    + ": its last entry " + e.getMessage() + "; run `skillbox audit verify`");
        }
        knownSize = tail.completeEnd();
        if (tail.tornBytes() > 0) {
            recover(tail);
        }
    }

    private static AuditEntry lastEntry(LogTail tail) throws MalformedEntryException {
        try {
            return AuditLine.decode(tail.lastLine(), AuditLine.hash(tail.lastLine()), tail.lastLineOffset(), 0);
        } catch (MalformedEntryException e) {
            throw new MalformedEntryException("at byte " + tail.lastLineOffset() + " is not valid (" + e.getMessage()
                    + ")");
        }
    }

    private void recover(LogTail tail) throws IOException {
        MessageDigest digest = Digests.sha256();
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        for (long at = tail.completeEnd(); at < tail.size(); at += chunk.limit()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), tail.size() - at));
            LogTail.readFully(channel, chunk, at);
            digest.update(chunk.flip());
        }
        channel.truncate(tail.completeEnd());
        ObjectNode data = Json.json().createObjectNode();
        data.put("discardedBytes", tail.tornBytes());
        data.put("discardedSha256", Digests.hex(digest.digest()));
        write(AuditEntry.RECOVERED, null, data);
    }

    private void checkpointIfUnsigned() throws IOException {
        if (lastSeq > 0 && !AuditEntry.CHECKPOINT.equals(lastType)) {
            writeCheckpoint();
        }
    }

    private void writeCheckpoint() throws IOException {
        Checkpoint checkpoint = Checkpoint.sign(lastSeq, lastHash, key);
        AuditEntry entry = write(AuditEntry.CHECKPOINT, null, checkpoint.toData());
        if (options.fsync() == FsyncPolicy.CHECKPOINT || options.fsync() == FsyncPolicy.RUN) {
            channel.force(false);
        }
        HeadFile.sign(entry.seq(), entry.hash(), key).write(file, options.fsync() != FsyncPolicy.NONE);
        sinceCheckpoint = 0;
    }

    /** Writes one line at the end; the caller holds both locks and has caught up. */
    private AuditEntry write(String type, String runId, JsonNode data) throws IOException {
        long seq = lastSeq + 1;
        Instant time = AuditLine.now();
        byte[] line = AuditLine.encode(seq, time, type, runId, data, lastHash);
        if (line.length > AuditLine.MAX_BYTES) {
            throw new IllegalArgumentException("an audit entry is at most " + AuditLine.MAX_BYTES
                    + " bytes; this " + type + " entry has " + line.length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        long at = knownSize;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
        if (options.fsync() == FsyncPolicy.ENTRY) {
            channel.force(false);
        }
        // In a log this writer keeps intact, the line number is the seq.
        AuditEntry entry = new AuditEntry(seq, time, type, runId, data, lastHash, AuditLine.hash(line), knownSize,
                (int) seq);
        knownSize = at;
        lastSeq = seq;
        lastHash = entry.hash();
        lastType = type;
        sinceCheckpoint++;
        return entry;
    }

    /** Closes the channel under the JVM lock: closing drops the file lock of any writer in this JVM. */
    private void release() {
        jvmLock.lock();
        try {
            closed = true;
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the audit log " + file + ": " + e.getMessage(), e);
        } finally {
            jvmLock.unlock();
        }
    }

    private static FileChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(FILE_MODE));
    }
}
