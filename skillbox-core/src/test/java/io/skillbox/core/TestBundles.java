package io.skillbox.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Writes throw-away skill bundles for tests that run real sandboxes. The skill runs as an unprivileged
 * uid that owns nothing in the bundle, and JUnit's @TempDir directories are mode 0700, so every file is
 * made 0644 and every directory 0755.
 */
public final class TestBundles {
    private TestBundles() {}

    /**
     * @param dir   an empty directory
     * @param yaml  the skill.yaml text
     * @param files other files of the bundle, by relative path
     */
    public static Path write(Path dir, String yaml, Map<String, String> files) {
        try {
            Files.writeString(dir.resolve("skill.yaml"), yaml);
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = dir.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
            try (var tree = Files.walk(dir)) {
                for (Path p : tree.toList()) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
