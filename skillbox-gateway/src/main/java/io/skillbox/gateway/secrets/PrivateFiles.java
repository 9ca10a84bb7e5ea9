package io.skillbox.gateway.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Owner-only files written atomically: a 0600 temporary beside the target is synced, then renamed over
 * (or linked to) the target and the directory synced, so a crash leaves the old file or the new one,
 * never a torn one, and no other user can read either for an instant.
 */
final class PrivateFiles {
    private PrivateFiles() {}

    /** Replaces {@code file} (or creates it) with {@code content}. */
    static void replace(Path file, byte[] content) throws IOException {
        Path tmp = written(file, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates {@code file} with {@code content}, or returns false if it exists: a key file that appeared
     * meanwhile is kept, since replacing it would orphan whatever was sealed under it.
     */
    static boolean createNew(Path file, byte[] content) throws IOException {
        Path tmp = written(file, content);
        try {
            Files.createLink(file, tmp);
            syncDirectory(file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A synced 0600 temporary beside {@code file} holding {@code content}. */
    private static Path written(Path file, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(directoryOf(file), "." + file.getFileName() + "-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(content));
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    private static void syncDirectory(Path file) throws IOException {
        try (FileChannel d = FileChannel.open(directoryOf(file), StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** The directory holding {@code file}, created owner-only if missing. */
    static Path directoryOf(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        return dir;
    }
}
