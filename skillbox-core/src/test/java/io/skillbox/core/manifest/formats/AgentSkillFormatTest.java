package io.skillbox.core.manifest.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.ExampleSkills;
import io.skillbox.core.FixtureFile;
import io.skillbox.core.TestBundles;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import io.skillbox.core.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agent Skills bundles: every {@code fixtures/agent-skill/good/*.md} loads as SKILL.md, every {@code bad/*.md} is
 * refused naming the field its {@code # expect:} lines state; the mapping and the script listing are pinned exactly.
 */
class AgentSkillFormatTest {
    @TempDir
    Path temp;

    static Stream<Arguments> fixtures() {
        return Stream.concat(
                FixtureFile.list("fixtures/agent-skill/good", ".md").stream().map(p -> Arguments.of("good/" + p.getFileName(), p, true)),
                FixtureFile.list("fixtures/agent-skill/bad", ".md").stream().map(p -> Arguments.of("bad/" + p.getFileName(), p, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixture(String name, Path fixture, boolean good) throws IOException {
        Path bundle = TestBundles.files(temp.resolve("skill"), Map.of("SKILL.md", Files.readString(fixture)));
        if (good) {
            Bundle loaded = BundleLoader.load(bundle);
            assertThat(loaded.format()).isEqualTo("SKILL.md (Agent Skills)");
            assertThat(loaded.manifest().entrypoint()).isEmpty();
        } else {
            SkillboxException e = FixtureFile.read(fixture).assertBundleRefused(bundle);
            assertThat(e.getMessage()).endsWith("SKILL.md is invalid");
        }
    }

    @Test
    void everyRuleHasFixtures() {
        assertThat(FixtureFile.list("fixtures/agent-skill/good", ".md")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(FixtureFile.list("fixtures/agent-skill/bad", ".md")).hasSizeGreaterThanOrEqualTo(17);
    }

    @Test
    void thePiiMaskerExampleMapsOntoTheManifestExactly() {
        Bundle b = BundleLoader.load(ExampleSkills.dir("agent-skill-pii-masker"));
        Manifest m = b.manifest();

        assertThat(m.name()).isEqualTo("agent-skill-pii-masker");
        assertThat(m.version()).isEqualTo("1.1.0");
        assertThat(m.description()).startsWith("Masks personal data (email addresses,").endsWith("redact or scrub text.");
        assertThat(m.entrypoint()).isEmpty();
        assertThat(m.params()).isEmpty();
        assertThat(m.scripts()).containsExactly("scripts/list_kinds.sh", "scripts/mask.py");
        assertThat(m.provided()).isEmpty();
        assertThat(m.network()).isEqualTo(Manifest.Network.DEFAULT);
        assertThat(m.resources()).isEqualTo(Manifest.Resources.DEFAULT);
        assertThat(b.notes()).containsExactly(
                "2 script(s) under scripts/; a run chooses one with --script PATH -- ARGS (.py by python3, .sh by sh, "
                        + "or the #! line's interpreter); stdin goes to the script as is",
                "license, compatibility, metadata: informational, shown here, not enforced; a sandboxed script gets no "
                        + "agent tools",
                "the markdown body (18 lines) is instructions for a model; skillbox does not read it",
                "no runtime, resources or network in SKILL.md: skill.yaml's defaults apply (network none)");
    }

    @Test
    void scriptsAreTheRunnableFilesUnderScriptsSortedWithoutLinksOrData() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("SKILL.md", "---\nname: skill\ndescription: d\n---\n");
        files.put("scripts/z.sh", "echo z\n");
        files.put("scripts/a.py", "print(1)\n");
        files.put("scripts/tools/run", "#!/usr/bin/env bash\necho\n");
        files.put("scripts/README.md", "docs\n");
        files.put("scripts/data.json", "{}\n");
        files.put("scripts/app.js", "console.log(1)\n");
        files.put("top.py", "print(2)\n");
        Path bundle = TestBundles.files(temp.resolve("skill"), files);
        Files.createSymbolicLink(bundle.resolve("scripts/link.py"), Path.of("a.py"));

        assertThat(BundleLoader.load(bundle).manifest().scripts())
                .containsExactly("scripts/a.py", "scripts/tools/run", "scripts/z.sh");
    }

    @Test
    void withoutScriptsTheNotesSayNothingRuns() {
        Bundle b = BundleLoader.load(TestBundles.files(temp.resolve("skill"),
                Map.of("SKILL.md", "---\nname: skill\ndescription: d\n---\nJust instructions.\n")));

        assertThat(b.manifest().scripts()).isEmpty();
        assertThat(b.notes().getFirst()).isEqualTo("no runnable files under scripts/: nothing of this skill runs in a sandbox");
    }

    @Test
    void theVersionIsMetadataVersionElse000AndTheNotesSayWhy() {
        Bundle none = BundleLoader.load(TestBundles.files(temp.resolve("a"),
                Map.of("SKILL.md", "---\nname: a\ndescription: d\n---\n")));
        Bundle unusable = BundleLoader.load(TestBundles.files(temp.resolve("b"),
                Map.of("SKILL.md", "---\nname: b\ndescription: d\nmetadata: { version: 'one point oh' }\n---\n")));

        assertThat(none.manifest().version()).isEqualTo("0.0.0");
        assertThat(none.notes()).contains("version 0.0.0: metadata.version is not set");
        assertThat(unusable.manifest().version()).isEqualTo("0.0.0");
        assertThat(unusable.notes()).contains("version 0.0.0: metadata.version is not a usable version (1 to 64 of "
                + "letters, digits, '.', '_', '+', '-')");
    }

    @Test
    void aNameThatDiffersFromTheDirectoryIsNotedNotRefused() {
        Bundle b = BundleLoader.load(TestBundles.files(temp.resolve("folder"),
                Map.of("SKILL.md", "---\nname: other-name\ndescription: d\n---\n")));

        assertThat(b.notes()).contains("name 'other-name' differs from the directory name 'folder' (the specification "
                + "asks that they match; skillbox runs it anyway)");
    }

    @Test
    void windowsLineEndingsAreRead() {
        Bundle b = BundleLoader.load(TestBundles.files(temp.resolve("crlf"),
                Map.of("SKILL.md", "---\r\nname: crlf\r\ndescription: Written on Windows.\r\n---\r\nBody\r\n")));

        assertThat(b.manifest().description()).isEqualTo("Written on Windows.");
    }
}
