package io.skillbox.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Throw-away shell skills, world-readable so that the sandbox's unprivileged uid can read them. */
final class CliSkills {
    private CliSkills() {}

    /**
     * @param dir       an empty directory (JUnit's @TempDir is 0700; this opens it up)
     * @param resources the manifest's resources mapping, e.g. {@code { timeout: 1s }}
     * @param script    {@code main.sh}, run by /bin/sh
     */
    static Path shell(Path dir, String resources, String script) {
        return write(dir, """
                apiVersion: skillbox/v1
                name: cli-test
                version: 0.0.1
                entrypoint: [/bin/sh, main.sh]
                resources: %s
                """.formatted(resources), script);
    }

    /** A bundle whose manifest is exactly {@code yaml}. */
    static Path write(Path dir, String yaml, String script) {
        try {
            Files.writeString(dir.resolve("skill.yaml"), yaml);
            Files.writeString(dir.resolve("main.sh"), script);
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
