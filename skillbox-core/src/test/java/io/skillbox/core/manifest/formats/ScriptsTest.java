package io.skillbox.core.manifest.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.skillbox.core.TestBundles;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.BundleLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Choosing the script of a run: only files of the bundle, only with an interpreter, refusals naming --script. */
class ScriptsTest {
    @TempDir
    Path temp;
    Bundle agentSkill;

    @BeforeEach
    void bundle() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("SKILL.md", "---\nname: skill\ndescription: d\n---\n");
        files.put("scripts/extract.py", "print(1)\n");
        files.put("scripts/list.sh", "echo\n");
        files.put("scripts/app.js", "console.log(1)\n");
        files.put("references/notes.md", "notes\n");
        files.put("helper.py", "print(2)\n");
        Path root = TestBundles.files(temp.resolve("skill"), files);
        Files.createSymbolicLink(root.resolve("scripts/alias.py"), Path.of("extract.py"));
        Files.writeString(temp.resolve("outside.py"), "print('host')\n");
        agentSkill = BundleLoader.load(root);
    }

    private static List<String> entrypoint(Bundle bundle, String script, String... args) {
        return Scripts.forRun(bundle, Optional.of(script), List.of(args)).entrypoint();
    }

    private static Violation refused(Bundle bundle, Optional<String> script, String... args) {
        SkillboxException e = catchThrowableOfType(SkillboxException.class,
                () -> Scripts.forRun(bundle, script, List.of(args)));
        assertThat(e).as("refused: %s", script).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.fix()).isNotBlank());
        return e.violations().getFirst();
    }

    @Test
    void aChosenScriptBecomesTheEntrypointWithItsInterpreter() {
        assertThat(entrypoint(agentSkill, "scripts/extract.py")).containsExactly("python3", "scripts/extract.py");
        assertThat(entrypoint(agentSkill, "./scripts/../scripts/list.sh")).containsExactly("sh", "scripts/list.sh");
        assertThat(entrypoint(agentSkill, "helper.py", "--x")).containsExactly("python3", "helper.py");
        assertThat(entrypoint(agentSkill, "scripts/alias.py")).containsExactly("python3", "scripts/alias.py");
    }

    @Test
    void withoutAScriptTheRefusalListsTheScriptsAndHowToChoose() {
        Violation v = refused(agentSkill, Optional.empty());

        assertThat(v.field()).isEqualTo("--script");
        assertThat(v.problem()).isEqualTo("no script chosen; the skill's scripts are: scripts/extract.py, scripts/list.sh");
        assertThat(v.fix()).isEqualTo("choose one, e.g. skillbox run " + agentSkill.root()
                + " --script scripts/extract.py -- ARGS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside.py", "scripts/../../outside.py", "/etc/passwd", "", " ", "."})
    void aScriptOutsideTheBundleIsRefused(String script) {
        Violation v = refused(agentSkill, Optional.of(script));

        assertThat(v.field()).isEqualTo("--script");
        assertThat(v.problem()).contains("is not a file inside the bundle");
        assertThat(v.fix()).contains("relative to its directory");
    }

    @Test
    void aMissingFileADirectoryOrAFileWithoutInterpreterIsRefused() {
        assertThat(refused(agentSkill, Optional.of("scripts/nope.py")).problem()).contains("does not exist in the bundle");
        assertThat(refused(agentSkill, Optional.of("scripts")).problem()).contains("is not a regular file inside the bundle");
        assertThat(refused(agentSkill, Optional.of("scripts/app.js")).problem())
                .isEqualTo("'scripts/app.js' cannot be run: no interpreter for '.js' files; skillbox runs .py (python3), "
                        + ".sh (sh) and .bash (bash) scripts, or scripts whose #! line names one of them");
        assertThat(refused(agentSkill, Optional.of("a\0b")).problem()).contains("is not a valid path");
    }

    @Test
    void aSkillWithAnEntrypointTakesNoScriptAndNoArguments() {
        Bundle skillYaml = BundleLoader.load(TestBundles.write(temp.resolve("yaml"),
                "apiVersion: skillbox/v1\nname: y\nversion: '1'\nentrypoint: [/bin/sh, main.sh]\n", Map.of("main.sh", "echo\n")));

        assertThat(refused(skillYaml, Optional.of("main.sh")).problem())
                .isEqualTo("this skill (skill.yaml) has one entrypoint; only Agent Skills (SKILL.md) skills choose a script per run");
        assertThat(refused(skillYaml, Optional.empty(), "x").field()).isEqualTo("ARGS");
        assertThat(Scripts.forRun(skillYaml, Optional.empty(), List.of())).isSameAs(skillYaml.manifest());
    }

    @Test
    void argumentsAreBoundedAndNeverNul() {
        assertThat(refused(agentSkill, Optional.of("scripts/extract.py"), "a\0b").problem()).contains("NUL");
        String[] many = Collections.nCopies(Scripts.MAX_ARGS + 1, "x").toArray(String[]::new);
        assertThat(refused(agentSkill, Optional.of("scripts/extract.py"), many).problem()).contains("at most 256 arguments");
        assertThat(refused(agentSkill, Optional.of("scripts/extract.py"), "x".repeat(Scripts.MAX_ARGS_CHARS + 1)).field())
                .isEqualTo("ARGS");
    }
}
