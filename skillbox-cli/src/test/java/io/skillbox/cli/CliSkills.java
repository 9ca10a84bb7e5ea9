package io.skillbox.cli;

import io.skillbox.core.TestBundles;
import java.nio.file.Path;
import java.util.Map;

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
        return TestBundles.write(dir, yaml, Map.of("main.sh", script));
    }
}
