package io.skillbox.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's {@code examples/skills}, found from the module directory the tests run in. */
public final class ExampleSkills {
    private ExampleSkills() {}

    public static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/skills");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/skills not found above " + Path.of("").toAbsolutePath());
    }

    public static Path dir(String name) {
        return root().resolve(name);
    }
}
