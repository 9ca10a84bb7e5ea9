package io.skillbox.core.forensics;

import java.util.Objects;

/**
 * One regular file copied out of a run's {@code /work}. The path was chosen by the untrusted skill:
 * it is checked here to be relative and free of {@code .}/{@code ..} components, and the bundle writer
 * escapes whatever else could confuse an unzip tool (see {@link EntryNames}).
 *
 * @param path    the file's path relative to {@code /work}, components joined with {@code /}
 * @param mode    its permission bits ({@code 07777} at most), as the host saw them
 * @param content its bytes; not copied, so the caller must not change them afterwards
 */
public record SnapshotFile(String path, int mode, byte[] content) {
    public SnapshotFile {
        Objects.requireNonNull(content, "content");
        EntryNames.checkRelative(path);
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " has bits beyond 07777");
        }
    }
}
