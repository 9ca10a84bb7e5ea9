package io.skillbox.core.run;

import static io.skillbox.core.backend.FakeBackend.exited;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.TestBundles;
import io.skillbox.core.backend.FakeBackend;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.Mount;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Skillware and Agent Skills bundles through the facade with a fake backend: what the sandbox would get. */
class ForeignFormatRunTest {
    @TempDir
    Path temp;
    FakeBackend backend;
    Skillbox box;

    @BeforeEach
    void skillbox() {
        backend = new FakeBackend("fake", Isolation.NAMESPACES).answering(exited(0, "{\"ok\": true}"));
        box = Skillbox.builder().backend(backend).build();
    }

    @AfterEach
    void close() {
        box.close();
    }

    private Path skillware() {
        return TestBundles.files(temp.resolve("converter"), Map.of(
                "manifest.yaml", """
                        name: utilities/unit_converter
                        version: 0.1.0
                        parameters:
                          type: object
                          properties: { value: { type: number }, from_unit: { type: string } }
                          required: [value, from_unit]
                        """,
                "skill.py", "from skillware.core.base_skill import BaseSkill\n"));
    }

    private Path agentSkill() {
        return TestBundles.files(temp.resolve("masker"), Map.of(
                "SKILL.md", "---\nname: masker\ndescription: Masks text.\n---\n",
                "scripts/mask.py", "import sys; print(sys.stdin.read())\n"));
    }

    @Test
    void aSkillwareRunGetsTheRunnerTheProvidedFilesAndTheParamsAsJson() {
        RunResult r = box.run(RunRequest.of(skillware(), "{\"value\": 5, \"from_unit\": \"km\"}"));

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        SandboxSpec spec = backend.started().getFirst();
        assertThat(spec.process().argv()).containsExactly("python3", "/opt/skillbox/python/skillware_runner.py", "/skill");
        assertThat(spec.mounts()).filteredOn(m -> m instanceof Mount.DataFile && m.target().startsWith("/opt/skillbox/"))
                .extracting(Mount::target).containsExactly(
                        "/opt/skillbox/python/skillware_runner.py",
                        "/opt/skillbox/python/skillware/__init__.py",
                        "/opt/skillbox/python/skillware/core/__init__.py",
                        "/opt/skillbox/python/skillware/core/base_skill.py",
                        "/opt/skillbox/python/skillware_manifest.json");
        assertThat(new String(backend.stdins().getFirst(), StandardCharsets.UTF_8)).isEqualTo("{\"value\":5,\"from_unit\":\"km\"}");
    }

    @Test
    void paramsOfTheWrongTypeAreRefusedFromSkillwaresParametersBeforeAnythingStarts() {
        RunResult r = box.run(RunRequest.of(skillware(), "{\"value\": \"five\", \"from_unit\": 3}"));

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo("invalid_params");
        assertThat(r.violations()).extracting(v -> v.field()).containsExactlyInAnyOrder("params.value", "params.from_unit");
        assertThat(backend.started()).isEmpty();
    }

    @Test
    void aChosenScriptGetsItsArgumentsVerbatimAndTheInputAsRawStdin() {
        RunRequest request = new RunRequest(agentSkill(), Optional.of("not json: ana@example.org\n"),
                Optional.empty()).withScript("scripts/mask.py", List.of("--mode", "redact", "../x"));

        RunResult r = box.run(request);

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.skill()).isEqualTo("masker");
        assertThat(backend.started().getFirst().process().argv())
                .containsExactly("python3", "/skill/scripts/mask.py", "--mode", "redact", "../x");
        assertThat(new String(backend.stdins().getFirst(), StandardCharsets.UTF_8)).isEqualTo("not json: ana@example.org\n");
    }

    @Test
    void aScriptWithoutInputGetsAnEmptyStdinNotAnEmptyJsonObject() {
        RunResult r = box.run(new RunRequest(agentSkill(), Optional.empty(), Optional.empty())
                .withScript("scripts/mask.py", List.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(backend.stdins().getFirst()).isEmpty();
    }

    @Test
    void anAgentSkillRunWithoutAScriptIsDeniedListingTheScriptsAndStartsNothing() {
        RunResult r = box.run(RunRequest.of(agentSkill(), "{}"));

        assertThat(r.status()).isEqualTo(RunStatus.DENIED);
        assertThat(r.error().code()).isEqualTo("invalid_request");
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("--script");
            assertThat(v.problem()).endsWith("the skill's scripts are: scripts/mask.py");
        });
        assertThat(backend.started()).isEmpty();
    }
}
