package io.skillbox.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
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
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put("skill.yaml", yaml);
        return files(dir, all);
    }

    /**
     * A bundle of exactly these files, in any format (e.g. a Skillware manifest.yaml and skill.py, or a SKILL.md
     * and its scripts).
     *
     * @param files every file of the bundle, by relative path
     */
    public static Path files(Path dir, Map<String, String> files) {
        try {
            Files.createDirectories(dir);
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
