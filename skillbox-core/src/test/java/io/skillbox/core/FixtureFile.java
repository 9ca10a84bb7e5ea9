package io.skillbox.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.BundleLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A good/bad fixture file. Bad ones state what they must produce in comment lines:
 * {@code # expect: <field> <substring of the violation>} (one or more) and optionally
 * {@code # code: <error code wire name>}.
 *
 * @param file         the fixture
 * @param expectations the expected violations
 * @param code         the expected error code, if stated
 */
public record FixtureFile(Path file, List<Expectation> expectations, Optional<ErrorCode> code) {
    private static final String EXPECT = "# expect: ";
    private static final String CODE = "# code: ";

    /** One expected violation: exactly this field, and this text somewhere in "problem (fix: fix)". */
    public record Expectation(String field, String text) {}

    /** The fixtures in a test-resources directory, e.g. {@code fixtures/manifest/bad}, sorted by name. */
    public static List<Path> list(String directory) {
        return list(directory, ".yaml");
    }

    /** The fixtures whose names end with {@code suffix} (e.g. {@code .md}) in a test-resources directory, sorted. */
    public static List<Path> list(String directory, String suffix) {
        URL url = FixtureFile.class.getClassLoader().getResource(directory);
        assertThat(url).as("fixture directory %s", directory).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static FixtureFile read(Path file) {
        List<Expectation> expectations = new ArrayList<>();
        Optional<ErrorCode> code = Optional.empty();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(EXPECT)) {
                    String rest = line.substring(EXPECT.length());
                    int space = rest.indexOf(' ');
                    expectations.add(new Expectation(rest.substring(0, space), rest.substring(space + 1)));
                } else if (line.startsWith(CODE)) {
                    code = Optional.of(ErrorCode.valueOf(line.substring(CODE.length()).trim().toUpperCase(Locale.ROOT)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FixtureFile(file, expectations, code);
    }

    /**
     * Asserts that loading {@code bundle} (which holds this fixture) is refused as the fixture states, with
     * {@code INVALID_MANIFEST} unless it says otherwise; returns the refusal.
     */
    public SkillboxException assertBundleRefused(Path bundle) {
        SkillboxException e = catchThrowableOfType(SkillboxException.class, () -> BundleLoader.load(bundle));
        assertThat(e).as("%s must be refused", file.getFileName()).isNotNull();
        assertRefusal(e, ErrorCode.INVALID_MANIFEST);
        return e;
    }

    /** Asserts that the refusal has the stated code and a matching violation for every expectation. */
    public void assertRefusal(SkillboxException e, ErrorCode defaultCode) {
        assertThat(expectations).as("%s states no '# expect:' line", file.getFileName()).isNotEmpty();
        String all = e.violations().stream().map(Violation::toString).collect(Collectors.joining("\n  "));
        assertThat(e.code()).as("error code of %s; violations:\n  %s", file.getFileName(), all).isEqualTo(code.orElse(defaultCode));
        for (Expectation x : expectations) {
            assertThat(e.violations())
                    .as("%s expects %s: ...%s...; got:\n  %s", file.getFileName(), x.field(), x.text(), all)
                    .anyMatch(v -> v.field().equals(x.field()) && (v.problem() + " (fix: " + v.fix() + ")").contains(x.text()));
        }
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.fix()).as("every violation has a fix: %s", v).isNotBlank());
    }
}
