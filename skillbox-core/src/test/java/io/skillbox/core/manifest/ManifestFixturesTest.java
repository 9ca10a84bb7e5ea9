package io.skillbox.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.FixtureFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code fixtures/manifest/good/*.yaml} loads; every {@code bad/*.yaml} is refused with the
 * field and message its {@code # expect:} lines state. Each fixture becomes the skill.yaml of a small
 * bundle holding main.py, run.sh, lib/util.py and data/readme.txt.
 */
class ManifestFixturesTest {
    @TempDir
    Path temp;

    static Stream<Arguments> fixtures() {
        return Stream.concat(
                FixtureFile.list("fixtures/manifest/good").stream().map(p -> Arguments.of("good/" + p.getFileName(), p, true)),
                FixtureFile.list("fixtures/manifest/bad").stream().map(p -> Arguments.of("bad/" + p.getFileName(), p, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixture(String name, Path fixture, boolean good) throws IOException {
        Path bundle = bundleWith(fixture);
        if (good) {
            Bundle loaded = BundleLoader.load(bundle);
            assertThat(loaded.format()).isEqualTo("skill.yaml");
            assertThat(loaded.root()).isEqualTo(bundle.toRealPath());
            assertThat(loaded.manifest().entrypoint()).isNotEmpty();
        } else {
            FixtureFile.read(fixture).assertBundleRefused(bundle);
        }
    }

    @Test
    void everyRuleHasFixtures() {
        assertThat(FixtureFile.list("fixtures/manifest/good")).hasSizeGreaterThanOrEqualTo(8);
        assertThat(FixtureFile.list("fixtures/manifest/bad")).hasSizeGreaterThanOrEqualTo(25);
    }

    private Path bundleWith(Path fixture) throws IOException {
        Path bundle = Files.createDirectories(temp.resolve("bundle"));
        Files.copy(fixture, bundle.resolve("skill.yaml"));
        Files.writeString(bundle.resolve("main.py"), "print('{}')\n");
        Files.writeString(bundle.resolve("run.sh"), "#!/bin/sh\necho '{}'\n");
        Files.createDirectories(bundle.resolve("lib"));
        Files.writeString(bundle.resolve("lib/util.py"), "X = 1\n");
        Files.createDirectories(bundle.resolve("data"));
        Files.write(bundle.resolve("data/readme.txt"), List.of("data"));
        return bundle;
    }
}
