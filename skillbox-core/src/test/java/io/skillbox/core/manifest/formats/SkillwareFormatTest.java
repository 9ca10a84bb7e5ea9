package io.skillbox.core.manifest.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.ExampleSkills;
import io.skillbox.core.FixtureFile;
import io.skillbox.core.TestBundles;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Skillware bundles: every {@code fixtures/skillware/good/*.yaml} loads as manifest.yaml beside a skill.py, every
 * {@code bad/*.yaml} is refused naming the field its {@code # expect:} lines state; the mapping is pinned exactly.
 */
class SkillwareFormatTest {
    private static final String SKILL_PY = """
            from skillware.core.base_skill import BaseSkill

            class Echo(BaseSkill):
                @property
                def manifest(self):
                    return {"name": "utilities/echo"}

                def execute(self, params):
                    return dict(params)
            """;

    @TempDir
    Path temp;

    static Stream<Arguments> fixtures() {
        return Stream.concat(
                FixtureFile.list("fixtures/skillware/good").stream().map(p -> Arguments.of("good/" + p.getFileName(), p, true)),
                FixtureFile.list("fixtures/skillware/bad").stream().map(p -> Arguments.of("bad/" + p.getFileName(), p, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixture(String name, Path fixture, boolean good) throws IOException {
        Path bundle = TestBundles.files(temp.resolve("bundle"), Map.of("manifest.yaml", Files.readString(fixture),
                "skill.py", SKILL_PY));
        if (good) {
            Bundle loaded = BundleLoader.load(bundle);
            assertThat(loaded.format()).isEqualTo("manifest.yaml (Skillware)");
            assertThat(loaded.manifest().entrypoint()).containsExactly("python3", "/opt/skillbox/python/skillware_runner.py", "/skill");
        } else {
            SkillboxException e = FixtureFile.read(fixture).assertBundleRefused(bundle);
            assertThat(e.getMessage()).endsWith("manifest.yaml is invalid");
        }
    }

    @Test
    void everyRuleHasFixtures() {
        assertThat(FixtureFile.list("fixtures/skillware/good")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(FixtureFile.list("fixtures/skillware/bad")).hasSizeGreaterThanOrEqualTo(18);
    }

    @Test
    void theUnitConverterExampleMapsOntoTheManifestExactly() {
        Bundle b = BundleLoader.load(ExampleSkills.dir("skillware-unit-converter"));
        Manifest m = b.manifest();

        assertThat(m.name()).isEqualTo("utilities/unit_converter");
        assertThat(m.version()).isEqualTo("0.2.0");
        assertThat(m.description()).isEqualTo("Converts a value between units of length, mass, temperature and speed, "
                + "and returns the value it was given next to the converted one.");
        assertThat(m.entrypoint()).containsExactly("python3", "/opt/skillbox/python/skillware_runner.py", "/skill");
        assertThat(m.params().orElseThrow().path("required").toString()).isEqualTo("[\"value\",\"from_unit\",\"to_unit\"]");
        assertThat(m.result()).isEmpty();
        assertThat(m.runtime()).isEqualTo(Manifest.Runtime.DEFAULT);
        assertThat(m.resources()).isEqualTo(Manifest.Resources.DEFAULT);
        assertThat(m.network()).isEqualTo(Manifest.Network.DEFAULT);
        assertThat(m.credentials()).isEmpty();
        assertThat(m.files()).isEmpty();
        assertThat(m.scripts()).isEmpty();
        assertThat(m.provided()).extracting(Manifest.ProvidedFile::target).containsExactly(
                "/opt/skillbox/python/skillware_runner.py",
                "/opt/skillbox/python/skillware/__init__.py",
                "/opt/skillbox/python/skillware/core/__init__.py",
                "/opt/skillbox/python/skillware/core/base_skill.py",
                "/opt/skillbox/python/skillware_manifest.json");
        assertThat(b.notes()).containsExactly(
                "skill.py runs through skillbox's Skillware runner (/opt/skillbox/python/skillware_runner.py): params on "
                        + "stdin, execute(params), the returned dict as JSON on stdout; parameters is the params schema",
                "short_description, issuer, category, outputs, constitution, presentation: informational, shown here, "
                        + "not enforced by skillbox",
                "no runtime, resources or network in manifest.yaml: skill.yaml's defaults apply (network none)");
    }

    @Test
    void theRunnerGetsTheManifestAsJsonAndTheRunnerFilesFromSkillbox() {
        Manifest m = BundleLoader.load(ExampleSkills.dir("skillware-unit-converter")).manifest();

        String json = m.provided().getLast().content();
        assertThat(Json.json().readTree(json).path("name").stringValue()).isEqualTo("utilities/unit_converter");
        assertThat(m.provided().getFirst().content()).contains("def main(argv)").contains("class Failure");
        assertThat(m.provided().get(3).content()).contains("class BaseSkill(ABC)").contains("def load_manifest_from_dir");
    }

    @Test
    void requirementsAndOptionalEnvironmentVariablesAreExplainedInTheNotes() throws IOException {
        Path bundle = TestBundles.files(temp.resolve("b"), Map.of("skill.py", SKILL_PY, "manifest.yaml", """
                name: creative/deck_builder
                version: 0.2.0
                requirements: ["python-pptx>=1.0.0", pillow]
                env_vars:
                  FONT_DIR: { description: where fonts are, required: false }
                """));

        assertThat(BundleLoader.load(bundle).notes()).contains(
                "requirements [python-pptx>=1.0.0, pillow]: never installed by skillbox; the runner checks they can be "
                        + "imported inside the sandbox (an operator provides them: docs/MANIFEST.md)",
                "env_vars.FONT_DIR (optional): not set; skillbox passes no environment variables");
    }

    @Test
    void aLongMultiLineDescriptionBecomesOneLineOfAtMost1024Characters() {
        Path bundle = TestBundles.files(temp.resolve("b"), Map.of("skill.py", SKILL_PY, "manifest.yaml",
                "name: a/b\nversion: '1'\ndescription: |\n  first line\n  second " + "x".repeat(2000) + "\n"));

        String description = BundleLoader.load(bundle).manifest().description();
        assertThat(description).startsWith("first line second xxx").endsWith("...").hasSize(1024);
    }

    @Test
    void withoutSkillPyTheBundleIsRefusedNamingIt() {
        Path bundle = TestBundles.files(temp.resolve("b"), Map.of("manifest.yaml", "name: a/b\nversion: 0.1.0\n"));

        SkillboxException e = catchThrowableOfType(SkillboxException.class, () -> BundleLoader.load(bundle));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("(bundle)/skill.py");
            assertThat(v.fix()).contains("extends skillware.core.base_skill.BaseSkill");
        });
    }

    @Test
    void aSkillPyThatIsADirectoryIsRefused() throws IOException {
        Path bundle = TestBundles.files(temp.resolve("b"), Map.of("manifest.yaml", "name: a/b\nversion: 0.1.0\n",
                "skill.py/x", ""));

        SkillboxException e = catchThrowableOfType(SkillboxException.class, () -> BundleLoader.load(bundle));

        assertThat(e.violations()).anyMatch(v -> v.field().equals("(bundle)/skill.py"));
    }

    @Test
    void aNumericVersionIsTakenAsYamlReadsIt() {
        Path bundle = TestBundles.files(temp.resolve("b"), Map.of("skill.py", SKILL_PY, "manifest.yaml",
                "name: a/b\nversion: 1.5\n"));

        assertThat(BundleLoader.load(bundle).manifest().version()).isEqualTo("1.5");
    }

    @Test
    void theParamsSchemaIsTheParametersMapping() {
        Path bundle = TestBundles.files(temp.resolve("b"), Map.of("skill.py", SKILL_PY, "manifest.yaml", """
                name: a/b
                version: 0.1.0
                parameters: { type: object, properties: { text: { type: string } }, required: [text] }
                """));

        Optional<JsonNode> params = BundleLoader.load(bundle).manifest().params();
        assertThat(params.orElseThrow().toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}");
    }
}
