package io.skillbox.core.manifest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.FixtureFile;
import io.skillbox.core.TestBundles;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * skill-engine bundles: every {@code fixtures/skill-engine/good/*.toml} loads as .skill-engine.toml, every
 * {@code bad/*.toml} is refused naming the field (and the code) its {@code # expect:} lines state, seed 004's
 * security checks among them; the mapping of seed 004's own example is pinned exactly.
 */
class SkillEngineFormatTest {
    @TempDir
    Path temp;

    static Stream<Arguments> fixtures() {
        return Stream.concat(
                FixtureFile.list("fixtures/skill-engine/good", ".toml").stream().map(p -> Arguments.of("good/" + p.getFileName(), p, true)),
                FixtureFile.list("fixtures/skill-engine/bad", ".toml").stream().map(p -> Arguments.of("bad/" + p.getFileName(), p, false)));
    }

    private Path bundle(String toml) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(SkillEngineFormat.FILE, toml);
        files.put("main.sh", "echo hi\n");
        files.put("data/words.txt", "a b c\n");
        files.put("image.tar", "not really an image; the loader does not read it\n");
        return TestBundles.files(temp.resolve("skill"), files);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixture(String name, Path fixture, boolean good) throws IOException {
        Path bundle = bundle(Files.readString(fixture));
        if (good) {
            Bundle loaded = BundleLoader.load(bundle);
            assertThat(loaded.format()).isEqualTo(SkillEngineFormat.LABEL);
            assertThat(loaded.manifest().entrypoint()).isNotEmpty();
            assertThat(loaded.manifest().runtime().hasImage()).isTrue();
        } else {
            FixtureFile.read(fixture).assertBundleRefused(bundle);
        }
    }

    @Test
    void everyRuleHasFixtures() {
        assertThat(FixtureFile.list("fixtures/skill-engine/good", ".toml")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(FixtureFile.list("fixtures/skill-engine/bad", ".toml")).hasSizeGreaterThanOrEqualTo(40);
    }

    @Test
    void seed004sExampleMapsOntoTheManifestExactly() throws IOException {
        Bundle b = BundleLoader.load(bundle(Files.readString(FixtureFile.list("fixtures/skill-engine/good", ".toml").stream()
                .filter(p -> p.getFileName().toString().equals("seed-ffmpeg.toml")).findFirst().orElseThrow())));
        Manifest m = b.manifest();

        assertThat(m.name()).isEqualTo("ffmpeg");
        assertThat(m.version()).isEqualTo("0.0.0");
        assertThat(m.entrypoint()).containsExactly("/usr/local/bin/ffmpeg");
        assertThat(m.runtime()).isEqualTo(new Manifest.Runtime(Optional.empty(), Optional.empty(),
                Optional.of("jrottenberg/ffmpeg:5-alpine"), Optional.empty(), Map.of(), Optional.of("/workdir")));
        assertThat(m.resources()).isEqualTo(new Manifest.Resources(Optional.of(512L << 20), Optional.of(2000L),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(m.network()).isEqualTo(Manifest.Network.DEFAULT);
        assertThat(m.files()).isEmpty();
        assertThat(b.notes()).containsExactly(
                "skills.ffmpeg runs as a skillbox sandbox on the OCI tier (runc by default): skillbox has no Docker "
                        + "backend, and never pulls images",
                "skills.ffmpeg.docker.image 'jrottenberg/ffmpeg:5-alpine': an image reference, never pulled; the "
                        + "policy's images map must provide it as an image file (docker save jrottenberg/ffmpeg:5-alpine -o FILE)",
                "skills.ffmpeg.docker.volumes[0] '${SKILL_WORKDIR}:/workdir': the run's writable scratch /work, reached "
                        + "also as /workdir (a link); it starts empty, files left in /work/out come back as artifacts",
                "skills.ffmpeg.docker.memory: resources.memory 512Mi",
                "skills.ffmpeg.docker.cpus: resources.cpus 2",
                "skills.ffmpeg.docker.network: none (only the sandbox's own loopback)",
                "skills.ffmpeg.docker.rm: every sandbox is removed after its run (skillbox run --forensics keeps a "
                        + "snapshot of /work)",
                "skills.ffmpeg.docker.read_only: false is ignored: the root is always read-only; /work (the scratch) "
                        + "and /tmp are writable",
                "version 0.0.0: a skill-engine skill has no version of its own",
                "source: informational, shown here, not used: skillbox runs the bundle with docker.image, starts no "
                        + "service, has no instances",
                "no params schema: the params document goes to the program's stdin as JSON; network none");
    }

    @Test
    void everyAcceptedFieldMapsAndBundleVolumesBecomeReadOnlyFiles() throws IOException {
        Bundle b = BundleLoader.load(bundle(Files.readString(FixtureFile.list("fixtures/skill-engine/good", ".toml").stream()
                .filter(p -> p.getFileName().toString().equals("every-field.toml")).findFirst().orElseThrow())));
        Manifest m = b.manifest();

        assertThat(m.name()).isEqualTo("python-runner");
        assertThat(m.description()).isEqualTo("Runs a Python script of the bundle.");
        assertThat(m.entrypoint()).containsExactly("python3", "-u", "main.sh");
        assertThat(m.runtime().imageReference()).contains("python:3.12-slim");
        assertThat(m.runtime().workdirAlias()).isEmpty();
        assertThat(m.runtime().environment()).containsExactly(Map.entry("PYTHONUNBUFFERED", "1"), Map.entry("MODE", "fast=yes"));
        assertThat(m.resources().memoryBytes()).contains(1L << 30);
        assertThat(m.resources().cpuMillis()).contains(500L);
        assertThat(m.files()).containsExactly(new Manifest.FileMount("data", "/data", true),
                new Manifest.FileMount("data", "/more", true));
        assertThat(b.notes()).contains("skills.python-runner.docker.user '1000:1000': ignored; skills run as the "
                + "policy's sandbox user (sandbox.uid)",
                "skills.python-runner.docker.rm: false is ignored: every sandbox is removed after its run (skillbox run "
                        + "--forensics keeps a snapshot of /work)");
    }

    @Test
    void aBundleImageIsRuntimeImageNotAReference() throws IOException {
        Manifest m = BundleLoader.load(bundle("""
                [skills.w]
                runtime = "docker"
                [skills.w.docker]
                image = "./image.tar"
                command = ["sh", "main.sh"]
                """)).manifest();

        assertThat(m.runtime().image()).contains("image.tar");
        assertThat(m.runtime().imageReference()).isEmpty();
        assertThat(m.entrypoint()).isEqualTo(List.of("sh", "main.sh"));
    }

    @Test
    void skillYamlWinsOverTheToml() throws IOException {
        Path dir = bundle("[skills.x]\n");
        Files.writeString(dir.resolve("skill.yaml"), "apiVersion: skillbox/v1\nname: y\nversion: '1'\nentrypoint: [sh, main.sh]\n");

        assertThat(BundleLoader.load(dir).format()).isEqualTo("skill.yaml");
    }
}
