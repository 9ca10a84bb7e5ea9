package io.skillbox.cli.bench;

import java.nio.file.Path;

/**
 * The skill the bench runs by default: a shell script that prints {@code {}} and exits 0, so that
 * nearly all the time measured is the sandbox's and skillbox's, not the skill's.
 */
public final class TrivialSkill {
    public static final String NAME = "bench-noop";

    static final String MANIFEST = """
            apiVersion: skillbox/v1
            name: bench-noop
            version: 1.0.0
            description: Prints an empty result and exits; the cheapest skill there is.
            entrypoint: [/bin/sh, noop.sh]
            """;
    static final String SCRIPT = """
            #!/bin/sh
            # Only shell built-ins: no fork, no exec after /bin/sh itself.
            echo '{}'
            """;

    private TrivialSkill() {}

    /** Writes the skill to a new temporary directory (0755, files 0644) and returns it; delete it with {@link TempDirs#delete}. */
    public static Path write() {
        return write("");
    }

    /** The same skill with {@code extra} appended to its manifest, e.g. a {@code network:} section. */
    public static Path write(String extra) {
        Path dir = TempDirs.create("skillbox-bench-skill-");
        TempDirs.writeReadable(dir.resolve("skill.yaml"), MANIFEST + extra);
        TempDirs.writeReadable(dir.resolve("noop.sh"), SCRIPT);
        return dir;
    }
}
