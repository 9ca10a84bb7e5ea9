package io.skillbox.cli.bench;

import io.skillbox.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Temporary directories the bench creates, readable by the sandbox's unprivileged uid, and their removal. */
public final class TempDirs {
    private TempDirs() {}

    /** A new directory under the system temp dir, mode 0755 so that any uid can traverse and read it. */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    /** Writes {@code content} to {@code file} with mode 0644. */
    public static Path writeReadable(Path file, String content) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Removes {@code dir} and everything under it; a null or missing directory is fine. */
    public static void delete(Path dir) {
        if (dir != null) {
            FileTrees.delete(dir);
        }
    }
}
