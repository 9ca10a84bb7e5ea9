package io.skillbox.linux.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** Writes throw-away skill bundles for the integration tests, readable by the sandbox's unprivileged uid. */
public final class TestSkills {
    private TestSkills() {}

    /**
     * @param dir   an empty directory (e.g. from @TempDir, which JUnit creates mode 0700)
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

    /** A Python skill: {@code main.py} with the given source, params on stdin. */
    public static Path python(Path dir, String resources, String source) {
        return write(dir, """
                apiVersion: skillbox/v1
                name: attack
                version: 0.0.1
                entrypoint: [python3, main.py]
                resources: %s
                """.formatted(resources), Map.of("main.py", source));
    }

    /** A shell skill: {@code main.sh} run by /bin/sh. */
    public static Path shell(Path dir, String resources, String script) {
        return write(dir, """
                apiVersion: skillbox/v1
                name: attack
                version: 0.0.1
                entrypoint: [/bin/sh, main.sh]
                resources: %s
                """.formatted(resources), Map.of("main.sh", script));
    }
}
