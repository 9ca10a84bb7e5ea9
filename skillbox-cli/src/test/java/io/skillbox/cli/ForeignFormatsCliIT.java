package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.TestBundles;
import io.skillbox.core.json.Json;
import io.skillbox.core.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Skills in the formats people already have, run unmodified through the CLI in real namespaces sandboxes:
 * Skillware bundles through skillbox's runner (seed 001's {@code run --isolated}), and the scripts of Agent
 * Skills. Every bad case ends with a clear result. Needs root, bubblewrap and python3, like {@link CliIT}.
 */
class ForeignFormatsCliIT {
    private static final String CONVERTER_PARAMS = "{\"value\": 5, \"from_unit\": \"km\", \"to_unit\": \"mi\"}";

    @TempDir
    Path temp;

    @TempDir
    static Path stateDir;

    private static Cli.Result skillbox(String command, String... args) {
        return skillboxWithStdin("", command, args);
    }

    /** The command with {@code --policy} right after its name: after {@code --}, it would be a script argument. */
    private static Cli.Result skillboxWithStdin(String stdin, String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--policy", Cli.isolatedPolicy(stateDir, "").toString()));
        all.addAll(List.of(args));
        return Cli.withStdin(stdin, all.toArray(String[]::new));
    }

    // ---- Skillware

    @Test
    void theSkillwareUnitConverterRunsWithIsolatedAndPrintsTheDictExecuteReturned() {
        Cli.Result r = skillbox("run", "--isolated", Cli.example("skillware-unit-converter"), "--params", CONVERTER_PARAMS);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Json.json().readTree(r.stdout())).isEqualTo(Json.json().readTree("""
                {"original_value": 5, "from_unit": "km", "to_unit": "mi", "quantity": "length", "converted_value": 3.106856}
                """));
    }

    @Test
    void theSkillwarePiiMaskerReadsItsPatternsFromItsBundleAndMasks() {
        Cli.Result r = skillbox("run", "--isolated", Cli.example("skillware-pii-masker"), "--params",
                "{\"text\": \"Mail ana@example.org, card 4111 1111 1111 1111, again ana@example.org\"}");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode result = Json.json().readTree(r.stdout());
        assertThat(result.path("text").stringValue()).isEqualTo("Mail [EMAIL_1], card [CARD_1], again [EMAIL_1]");
        assertThat(result.path("counts").toString()).isEqualTo("{\"EMAIL\":1,\"CARD\":1}");
    }

    @Test
    void paramsOfTheWrongTypeAreRefusedBeforeTheSandboxStartsNamingTheParam() {
        Cli.Result r = skillbox("run", "--isolated", Cli.example("skillware-unit-converter"), "--params",
                "{\"value\": \"five\", \"from_unit\": \"km\", \"to_unit\": \"mi\"}");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("params.value").contains("fix: ");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aSkillPyWithoutABaseSkillClassFailsWithExit13AndSaysSo() {
        JsonNode run = failedSkillware("class Converter:\n    def execute(self, params):\n        return {}\n");

        assertRunnerError(run, 13, "class_not_found", "skill.py defines no class extending skillware.core.base_skill.BaseSkill");
    }

    @Test
    void twoBaseSkillClassesAreNamed() {
        JsonNode run = failedSkillware(skill("A", "return {}") + skill("B", "return {}"));

        assertRunnerError(run, 13, "class_not_found", "skill.py defines 2 classes extending BaseSkill (A, B)");
    }

    @Test
    void anExceptionInsideExecuteGivesItsTypeAndMessageAndTheTraceback() {
        JsonNode run = failedSkillware(skill("Converter", "raise ValueError('unknown unit: parsec')"));

        assertRunnerError(run, 14, "skill_raised", "execute() raised ValueError: unknown unit: parsec");
        assertThat(run.path("stderr").stringValue()).contains("Traceback (most recent call last)").contains("/skill/skill.py");
    }

    @Test
    void aResultThatIsNotJsonSerialisableNamesTheValueAndItsType() {
        JsonNode run = failedSkillware("import datetime\n" + skill("Converter",
                "return {'ok': True, 'meta': {'when': datetime.datetime(2026, 1, 1)}}"));

        assertRunnerError(run, 15, "result_not_json",
                "execute() returned a dict that is not JSON-serialisable: result.meta.when is of type datetime");
    }

    @Test
    void aResultThatIsNotADictIsRefused() {
        JsonNode run = failedSkillware(skill("Converter", "return [1, 2]"));

        assertRunnerError(run, 16, "result_not_dict", "execute() returned list, not a dict");
    }

    @Test
    void aMissingRequirementIsReportedNotInstalled() {
        JsonNode run = failedSkillware("name: utilities/needs\nversion: 0.1.0\nrequirements: [surely-not-installed-pkg>=1]\n",
                skill("Converter", "return {}"));

        assertRunnerError(run, 11, "missing_requirements",
                "requirements not installed in the sandbox: surely-not-installed-pkg>=1 (skillbox never installs packages");
    }

    @Test
    void aRequirementTheOperatorPreparedInOptSkillboxSitePackagesIsFound() throws IOException {
        String module = "skillbox_it_pkg_" + Long.toHexString(System.nanoTime());
        try (OperatorSitePackages site = OperatorSitePackages.create()) {
            site.add(module + "/__init__.py", "VALUE = 42\n");
            site.add(module + "-1.2.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: " + module.replace('_', '-')
                    + "\nVersion: 1.2.0\n");
            Path bundle = skillwareBundle("name: utilities/needs\nversion: 0.1.0\nrequirements: [" + module.replace('_', '-')
                    + ">=1.0]\n", "import " + module + "\n" + skill("Needs", "return {'value': " + module + ".VALUE}"));
            List<String> systemPaths = new ArrayList<>(PolicyLoader.builtin().filesystem().systemPaths());
            systemPaths.add(OperatorSitePackages.DIR.toString());
            Path policy = Cli.isolatedPolicy(temp, "filesystem: { systemPaths: [" + String.join(", ", systemPaths) + "] }\n");

            Cli.Result r = Cli.run("run", "--policy", policy.toString(), "--isolated", bundle.toString());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
            assertThat(Json.json().readTree(r.stdout()).path("value").intValue()).isEqualTo(42);
        }
    }

    @Test
    void aSkillPyThatDoesNotImportSaysWhy() {
        JsonNode run = failedSkillware("from skillware.core.env import load_env\n" + skill("Converter", "return {}"));

        assertRunnerError(run, 12, "import_failed", "skill.py cannot be imported: ModuleNotFoundError: No module named 'skillware.core.env'");
    }

    @Test
    void whatTheSkillPrintsGoesToTheLogsNotIntoTheResult() {
        Path bundle = skillwareBundle("name: utilities/chatty\nversion: 0.1.0\n",
                skill("Chatty", "print('working on it'); return {'done': True}"));

        Cli.Result r = skillbox("run", "--isolated", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Json.json().readTree(r.stdout()).path("done").booleanValue()).isTrue();
        assertThat(r.stderr()).contains("working on it");
    }

    @Test
    void checkShowsTheSkillwareManifestAsSkillboxReadsItWithTheMapping() {
        Cli.Result r = Cli.run("check", Cli.example("skillware-unit-converter"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).contains("manifest (manifest.yaml (Skillware), mapped onto skillbox's manifest):")
                .contains("\"name\" : \"utilities/unit_converter\"")
                .contains("mapping:\n  - skill.py runs through skillbox's Skillware runner")
                .contains("constitution, presentation: informational")
                .contains("\"target\" : \"/opt/skillbox/python/skillware_runner.py\"")
                .containsPattern("\"content\" : \"\\(\\d+ bytes, sha256:[0-9a-f]{64}\\)\"")
                .contains("--ro-bind-data");
    }

    // ---- Agent Skills

    @Test
    void anAgentSkillScriptReadsADataFileOfItsBundleAndGetsItsArguments() {
        Cli.Result r = skillbox("run", Cli.example("agent-skill-unit-converter"), "--script", "scripts/convert.py",
                "--", "42.195", "km", "mi");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Json.json().readTree(r.stdout())).isEqualTo(Json.json().readTree(
                "{\"value\": 42.195, \"from\": \"km\", \"to\": \"mi\", \"quantity\": \"length\", \"converted\": 26.218757}"));
    }

    @Test
    void anAgentSkillScriptGetsStdinAsIsAndItsTextOutputIsPrintedAsIs() {
        Cli.Result r = skillboxWithStdin("Call +44 20 7946 0958 or mail ana@example.org\n",
                "run", Cli.example("agent-skill-pii-masker"), "--script", "scripts/mask.py", "--", "--mode", "redact");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).isEqualTo("Call [REDACTED] or mail [REDACTED]\n");
        assertThat(r.stderr()).contains("mask.py: 2 match(es) of 5 kind(s)");
    }

    @Test
    void aShellScriptOfAnAgentSkillRunsWithSh() {
        Cli.Result r = skillbox("run", Cli.example("agent-skill-pii-masker"), "--script", "scripts/list_kinds.sh");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).isEqualTo("EMAIL\nIBAN\nCARD\nPHONE\nIPV4\n");
    }

    @Test
    void aFailingScriptMakesTheRunFailWithItsExitCodeAndMessage() {
        Cli.Result r = skillbox("run", Cli.example("agent-skill-unit-converter"), "--script", "scripts/convert.py",
                "--", "1", "kg", "mi");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        assertThat(r.stderr()).contains("convert.py: cannot convert mass to length").contains("failed (exit 2)");
    }

    @Test
    void withoutScriptTheRunIsRefusedListingTheScripts() {
        Cli.Result r = skillbox("run", Cli.example("agent-skill-pii-masker"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("--script: no script chosen; the skill's scripts are: scripts/list_kinds.sh, "
                + "scripts/mask.py").contains("fix: choose one, e.g. skillbox run ");
    }

    @Test
    void aScriptOutsideTheBundleIsRefused() {
        Path bundle = TestBundles.files(temp.resolve("escape"), Map.of(
                "SKILL.md", "---\nname: escape\ndescription: Tries to run a host file.\n---\n",
                "scripts/ok.py", "print('ok')\n"));

        Cli.Result r = skillbox("run", bundle.toString(), "--script", "../../../../usr/bin/id");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("--script: '../../../../usr/bin/id' is not a file inside the bundle");
    }

    @Test
    void checkOfAnAgentSkillWithoutScriptListsItsScripts() {
        Cli.Result r = Cli.run("check", Cli.example("agent-skill-pii-masker"));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).contains("manifest (SKILL.md (Agent Skills), mapped onto skillbox's manifest):")
                .contains("  - the markdown body (18 lines) is instructions for a model")
                .contains("scripts (run one with: skillbox run ").contains("\n  scripts/list_kinds.sh\n  scripts/mask.py\n");
    }

    // ---- helpers

    /**
     * The directory an operator prepares for Skillware requirements ({@code pip install --target}); created for the
     * test when the host has none, and removed again with everything the test put in it.
     */
    private record OperatorSitePackages(boolean createdParent, boolean created, List<Path> added) implements AutoCloseable {
        static final Path DIR = Path.of("/opt/skillbox/site-packages");

        static OperatorSitePackages create() throws IOException {
            boolean createdParent = !Files.isDirectory(DIR.getParent());
            boolean created = !Files.isDirectory(DIR);
            Files.createDirectories(DIR);
            Files.setPosixFilePermissions(DIR, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(DIR.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            return new OperatorSitePackages(createdParent, created, new ArrayList<>());
        }

        void add(String relative, String content) throws IOException {
            Path file = DIR.resolve(relative);
            Path top = DIR.resolve(Path.of(relative).getName(0));
            if (!added.contains(top)) {
                added.add(top);
            }
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        @Override
        public void close() throws IOException {
            for (Path top : added) {
                try (var tree = Files.walk(top)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            if (created) {
                Files.delete(DIR);
            }
            if (createdParent) {
                Files.delete(DIR.getParent());
            }
        }
    }

    private static String skill(String name, String body) {
        return """
                from skillware.core.base_skill import BaseSkill

                class %s(BaseSkill):
                    @property
                    def manifest(self):
                        return {"name": "utilities/bad"}

                    def execute(self, params):
                        %s

                """.formatted(name, body);
    }

    private Path skillwareBundle(String manifest, String skillPy) {
        return TestBundles.files(temp.resolve("skill-" + Integer.toHexString(skillPy.hashCode())),
                Map.of("manifest.yaml", manifest, "skill.py", skillPy));
    }

    private JsonNode failedSkillware(String skillPy) {
        return failedSkillware("name: utilities/bad\nversion: 0.1.0\n", skillPy);
    }

    /** Runs a Skillware bundle that must fail inside the sandbox and returns the whole run result. */
    private JsonNode failedSkillware(String manifest, String skillPy) {
        Cli.Result r = skillbox("run", "--isolated", skillwareBundle(manifest, skillPy).toString(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        JsonNode run = Json.json().readTree(r.stdout());
        assertThat(run.path("status").stringValue()).isEqualTo("failed");
        return run;
    }

    /** The runner's last stderr line is one JSON error whose kind, exit and message say what went wrong. */
    private static void assertRunnerError(JsonNode run, int exit, String kind, String message) {
        assertThat(run.path("exitCode").intValue()).as(run.toString()).isEqualTo(exit);
        String stderr = run.path("stderr").stringValue().strip();
        JsonNode error = Json.json().readTree(stderr.substring(stderr.lastIndexOf('\n') + 1)).path("skillware_error");
        assertThat(error.path("kind").stringValue()).isEqualTo(kind);
        assertThat(error.path("exit").intValue()).isEqualTo(exit);
        assertThat(error.path("message").stringValue()).startsWith(message);
    }
}
