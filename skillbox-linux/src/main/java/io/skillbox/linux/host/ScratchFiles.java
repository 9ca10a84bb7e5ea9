package io.skillbox.linux.host;

import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.NativeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads one file that sandboxed code wrote, from the host side, without being steered by it. A plain
 * {@code open(O_RDONLY|O_NOFOLLOW)} is not enough: it still follows a symlink in a parent directory,
 * and it blocks forever on a FIFO swapped in after the caller's {@code lstat}. So the file is opened
 * with {@code O_PATH|O_NOFOLLOW}, which neither blocks nor touches a device; its type is taken from
 * that descriptor; the path the kernel resolved is compared with the one meant; only then is the
 * same inode reopened for reading through {@code /proc/self/fd}.
 */
final class ScratchFiles {
    private static final int S_IFMT = 0170000;

    /** What reading found. */
    sealed interface Read {}

    /**
     * A regular file's permission bits, its size when opened, and at most {@code maxBytes} of it; the
     * content is shorter than {@code size} if the file was larger than that.
     */
    record Regular(int mode, long size, byte[] content) implements Read {
        boolean truncated() {
            return content.length < size;
        }
    }

    /** Not read, and why: e.g. "not a regular file (a named pipe)". */
    record Skipped(String why) implements Read {}

    private ScratchFiles() {}

    /**
     * @param root the trusted directory the walk started from (host-made; may itself sit below links)
     * @param file a path below {@code root}, as the walk found it
     * @throws IOException if the file cannot be opened or read (it vanished, {@code /proc} is missing, …)
     */
    static Read read(Path root, Path file, long maxBytes) throws IOException {
        Path meant = root.toRealPath().resolve(root.toAbsolutePath().relativize(file.toAbsolutePath()));
        int fd;
        try {
            fd = Libc.open(file.toString(), Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        } catch (NativeException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            Path self = Path.of("/proc/self/fd/" + fd);
            // stat(2) through the magic link describes the O_PATH descriptor's own inode, a symlink included.
            Map<String, Object> attrs = Files.readAttributes(self, "unix:mode,size");
            int mode = (Integer) attrs.get("mode");
            if ((mode & S_IFMT) != 0100000) {
                return new Skipped("not a regular file (" + kind(mode) + ")");
            }
            Path opened = Files.readSymbolicLink(self);
            if (!opened.equals(meant)) {
                return new Skipped("not where it was found (it resolved to " + opened
                        + "): moved, deleted or reached through a symbolic link");
            }
            long size = (Long) attrs.get("size");
            // The inode is a regular file and cannot become anything else, so this open cannot block.
            try (InputStream in = Files.newInputStream(self)) {
                return new Regular(mode & 07777, size, in.readNBytes((int) Math.min(maxBytes, Math.min(size,
                        Integer.MAX_VALUE - 8))));
            }
        } finally {
            Libc.closeQuietly(fd);
        }
    }

    private static String kind(int mode) {
        return switch (mode & S_IFMT) {
            case 0120000 -> "a symbolic link, not followed";
            case 0010000 -> "a named pipe";
            case 0140000 -> "a socket";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0040000 -> "a directory";
            default -> "file type " + Integer.toOctalString(mode & S_IFMT);
        };
    }
}
