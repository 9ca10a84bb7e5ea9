package io.skillbox.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: the expected output of a pure lowering, checked in under src/test/resources/golden/.
 * Run the tests with {@code -Dskillbox.updateGolden=true} to rewrite them, then review the diff.
 */
public final class Golden {
    private Golden() {}

    /** @param relative path below {@code src/test/resources/golden/} of the module under test */
    public static void assertMatches(String relative, String actual) {
        Path file = Path.of("src/test/resources/golden").resolve(relative);
        try {
            if (Boolean.getBoolean("skillbox.updateGolden")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
            }
            assertThat(file).as("golden file %s exists; create it with -Dskillbox.updateGolden=true", file).exists();
            assertThat(actual).as("output differs from %s (rewrite with -Dskillbox.updateGolden=true and review the diff)", file)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
