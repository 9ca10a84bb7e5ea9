package io.skillbox.linux.it;

import io.skillbox.core.TestBundles;
import java.nio.file.Path;
import java.util.Map;

/** Throw-away Python and shell skills for the attack tests. */
public final class TestSkills {
    private TestSkills() {}

    /** A bundle with {@code yaml} as its manifest and {@code files} beside it; see {@link TestBundles}. */
    public static Path write(Path dir, String yaml, Map<String, String> files) {
        return TestBundles.write(dir, yaml, files);
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
