package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The CLI against the real namespaces sandbox, in-process. Needs root, bubblewrap, libseccomp and python3
 * (scripts/setup.sh) and fails rather than skips without them. Refusals are checked from the host side
 * too: no run directory and no sandbox-uid process may appear while the CLI refuses.
 */
class CliIT {
    private static final Pattern RUN_LINE = Pattern.compile("skillbox: run ([0-9a-f]{12}-[0-9a-f]{8}) (\\w+)");
    private static final String WORD_COUNT_PARAMS = "{\"text\": \"the cat and the hat\", \"top\": 1}";

    @TempDir
    Path temp;

    @TempDir
    static Path stateDir;

    /** A skill-running command under a policy whose state lives in this class's temporary directory. */
    private static Cli.Result skillbox(String... args) {
        return Cli.withPolicy(Cli.isolatedPolicy(stateDir, ""), args);
    }

    // ---- runs that start

    @Test
    void runPrintsTheSkillsResultAndExitsZero() {
        Cli.Result r = skillbox("run", Cli.example("word-count"), "--params", WORD_COUNT_PARAMS);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode result = Json.json().readTree(r.stdout());
        assertThat(result.path("words").intValue()).isEqualTo(5);
        assertThat(result.path("unique").intValue()).isEqualTo(4);
        assertThat(result.path("top").get(0).path("word").stringValue()).isEqualTo("the");
        assertThat(r.stderr()).contains("counted 5 words");
    }

    @Test
    void runWithJsonPrintsTheWholeRunResult() {
        Cli.Result r = skillbox("run", Cli.example("word-count"), "--params", WORD_COUNT_PARAMS, "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode run = Json.json().readTree(r.stdout());
        assertThat(run.path("status").stringValue()).isEqualTo("succeeded");
        assertThat(run.path("runId").stringValue()).matches("[0-9a-f]{12}-[0-9a-f]{8}");
        assertThat(run.path("skill").stringValue()).isEqualTo("word-count");
        assertThat(run.path("exitCode").intValue()).isZero();
        assertThat(run.path("result").path("words").intValue()).isEqualTo(5);
        assertThat(run.path("stderr").stringValue()).contains("counted 5 words");
        assertThat(run.path("usage").path("peakMemoryBytes").longValue()).isPositive();
        assertThat(run.path("usage").has("cpuMillis")).isTrue();
        assertThat(run.path("backend").stringValue()).isEqualTo("bwrap");
        assertThat(run.path("isolation").stringValue()).isEqualTo("namespaces");
        assertThat(run.path("startedAt").isString()).isTrue();
        assertThat(run.path("violations").isEmpty()).isTrue();
    }

    @Test
    void paramsCanComeFromAFile() throws Exception {
        Path params = Files.writeString(temp.resolve("params.json"), "{\"text\": \"one two\"}");

        Cli.Result r = skillbox("run", Cli.example("word-count"), "--params-file", params.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(Json.json().readTree(r.stdout()).path("words").intValue()).isEqualTo(2);
    }

    @Test
    void aSkillExitingNonZeroMakesTheCliExitOne() {
        Path bundle = CliSkills.shell(temp, "{ timeout: 10s }", "echo 'bad input' >&2; exit 2\n");

        Cli.Result r = skillbox("run", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.SKILL_FAILED);
        assertThat(r.stderr()).contains("bad input").contains("failed (exit 2)");
    }

    @Test
    void aTimeoutMakesTheCliExitFour() {
        Path bundle = CliSkills.shell(temp, "{ timeout: 1s }", "sleep 60\n");
        Cli.Result r;
        HostWatch watch;
        try (HostWatch w = HostWatch.start()) {
            watch = w;
            r = skillbox("run", bundle.toString());
        }

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.LIMIT);
        assertThat(runStatus(r)).isEqualTo("timed_out");
        assertThat(r.stderr()).contains("resources.timeout");
        // The positive control for the refusal tests: a run that starts is seen from the host.
        assertThat(watch.newRunIds()).contains(runId(r));
        assertThat(watch.sandboxProcesses()).isNotEmpty();
    }

    @Test
    void makeReportSavesItsTwoArtifactsUnderTheArtifactDirectoryAndTheRunId() throws Exception {
        Path artifacts = temp.resolve("artifacts");

        Cli.Result r = skillbox("run", Cli.example("make-report"), "--json", "--artifacts", artifacts.toString(),
                "--params", "{\"title\": \"Quarterly\", \"rows\": [[1, 2], [3, 4]]}");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        JsonNode run = Json.json().readTree(r.stdout());
        Path runDir = artifacts.resolve(run.path("runId").stringValue());
        String template = Files.readString(Cli.EXAMPLES.resolve("make-report/templates/report.md"));
        assertThat(runDir.resolve("report.md")).content(StandardCharsets.UTF_8).isEqualTo(template
                .replace("{title}", "Quarterly").replace("{count}", "2").replace("{sums}", "[4, 6]"));
        assertThat(runDir.resolve("data.csv")).content(StandardCharsets.UTF_8).isEqualTo("1,2\r\n3,4\r\n");
        try (var files = Files.list(runDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("report.md", "data.csv");
        }
        assertThat(run.path("artifacts").valueStream().map(a -> a.path("savedTo").stringValue()))
                .containsExactlyInAnyOrder(runDir.resolve("report.md").toString(), runDir.resolve("data.csv").toString());
        assertThat(run.path("result").path("artifacts").toString()).isEqualTo("[\"data.csv\",\"report.md\"]");
    }

    // ---- refusals: exit 3, a reason naming the field, and nothing started on the host

    @Test
    void anInvalidManifestIsRefusedNamingTheFieldAndTheFix() {
        Path bundle = CliSkills.write(temp, """
                apiVersion: skillbox/v1
                name: cli-test
                version: 0.0.1
                entrypoint: [/bin/sh, main.sh]
                resourcez: { memory: 64Mi }
                """, "echo '{}'\n");

        Cli.Result r = refusedRun("run", bundle.toString());

        assertThat(r.stderr()).contains("resourcez").contains("fix: ");
    }

    @Test
    void aPolicyViolationIsRefusedNamingResourcesMemory() throws Exception {
        Path policy = Files.writeString(temp.resolve("policy.yaml"), """
                apiVersion: skillbox/v1
                kind: Policy
                defaults: { resources: { memory: 16Mi } }
                ceilings: { resources: { memory: 32Mi } }
                """);

        Cli.Result r = refusedRun("run", Cli.example("word-count"), "--policy", policy.toString(),
                "--params", WORD_COUNT_PARAMS);

        assertThat(r.stderr()).contains("resources.memory").contains("32Mi").contains("fix: ");
    }

    @Test
    void paramsFailingTheSchemaAreRefusedNamingParams() {
        Cli.Result r = refusedRun("run", Cli.example("word-count"), "--params", "{\"txt\": 1}");

        assertThat(r.stderr()).contains("params.txt").contains("params.text").contains("fix: ");
    }

    /** Runs a command that must be refused, watching the host while it runs. */
    private static Cli.Result refusedRun(String... args) {
        Cli.Result r;
        HostWatch watch;
        try (HostWatch w = HostWatch.start()) {
            watch = w;
            r = Cli.run(args);
        }
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(runStatus(r)).isEqualTo("denied");
        assertThat(r.stdout()).as("a refused run prints no result").isEmpty();
        assertThat(watch.newRunIds()).as("run cgroups created while refusing").doesNotContain(runId(r));
        assertThat(watch.sandboxProcesses()).as("sandbox processes started while refusing").isEmpty();
        return r;
    }

    // ---- check and doctor

    @Test
    void checkPrintsTheSpecAndTheBwrapOptionsWithoutStartingAnything() {
        Cli.Result r;
        HostWatch watch;
        try (HostWatch w = HostWatch.start()) {
            watch = w;
            r = Cli.run("check", Cli.example("word-count"));
        }

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).contains("sandbox spec:").contains("\"argv\" : [ \"python3\", \"/skill/main.py\" ]")
                .contains("backend: bwrap").contains("--unshare-user").contains("--seccomp");
        assertThat(watch.sandboxProcesses()).isEmpty();
    }

    @Test
    void checkOfABadManifestExitsThreeNamingTheField() {
        Path bundle = CliSkills.write(temp, """
                apiVersion: skillbox/v1
                name: cli-test
                version: 0.0.1
                entrypoint: [/bin/sh, main.sh]
                network: { mode: everywhere }
                """, "echo '{}'\n");

        Cli.Result r = Cli.run("check", bundle.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("network.mode");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void doctorFindsTheNamespacesTierWorkingHere() {
        Cli.Result r = Cli.run("doctor");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).containsPattern("(?m)^namespaces\\s+ok\\s");
    }

    private static String runId(Cli.Result r) {
        return runLine(r).group(1);
    }

    private static String runStatus(Cli.Result r) {
        return runLine(r).group(2);
    }

    private static Matcher runLine(Cli.Result r) {
        Matcher m = RUN_LINE.matcher(r.stderr());
        assertThat(m.find()).as("stderr names the run: %s", r).isTrue();
        return m;
    }
}
