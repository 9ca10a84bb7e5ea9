package io.skillbox.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Skill bundles on disk for the run tests; the fake backend never executes them. */
final class Bundles {
    /** A word counter with a params and a result schema, asking for a 10 s timeout and 64 MiB. */
    static final String COUNTER = """
            apiVersion: skillbox/v1
            name: counter
            version: 1.0.0
            entrypoint: [python3, main.py]
            params:
              type: object
              properties: { text: { type: string } }
              required: [text]
              additionalProperties: false
            result:
              type: object
              properties: { words: { type: integer } }
              required: [words]
            resources: { memory: 64Mi, timeout: 10s, output: 64Ki }
            """;

    private Bundles() {}

    static Path write(Path dir, String yaml) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("skill.yaml"), yaml);
            Files.writeString(dir.resolve("main.py"), "print('{}')\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
