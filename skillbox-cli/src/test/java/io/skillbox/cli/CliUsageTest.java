package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.run.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself, without a sandbox: usage errors, help texts and the exit code table. */
class CliUsageTest {

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli.Result r = Cli.run("run", Cli.example("word-count"), "--bogus");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("Unknown option: '--bogus'").contains("skillbox run --help");
    }

    @Test
    void aMissingBundleIsAUsageError() {
        Cli.Result r = Cli.run("run");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("BUNDLE");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(Cli.run("launch").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void bothParamsAndAParamsFileAreRefused() {
        Cli.Result r = Cli.run("run", Cli.example("word-count"), "--params", "{}", "--params-file", "/dev/null");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("--params");
    }

    @Test
    void runTakesSkillwaresIsolatedFlagAndAScriptWithArgumentsAfterTheDashes() {
        // Refused for the params given twice, which is checked after the command line was accepted.
        Cli.Result r = Cli.run("run", "--isolated", Cli.example("agent-skill-pii-masker"), "--script", "scripts/mask.py",
                "--params", "{}", "--params-file", "/dev/null", "--", "--mode", "redact");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.stderr()).contains("both --params and --params-file were given");
    }

    @Test
    void checkOfASkillMdSkillWithoutScriptShowsTheMappingAndTheScriptsWithoutASandbox() {
        Cli.Result r = Cli.run("check", Cli.example("agent-skill-unit-converter"), "--json");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).contains("\"format\" : \"SKILL.md (Agent Skills)\"")
                .contains("\"scripts\" : [ \"scripts/convert.py\" ]").contains("\"mapping\" : [");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "run", "check", "doctor", "bench"})
    void everyCommandsHelpListsTheExitCodes(String command) {
        Cli.Result r = command.isEmpty() ? Cli.run("--help") : Cli.run(command, "--help");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.stdout()).contains("Exit codes:")
                .containsPattern("(?m)^\\s+0\\s+success")
                .containsPattern("(?m)^\\s+3\\s+refused before start")
                .containsPattern("(?m)^\\s+4\\s+a limit was hit")
                .containsPattern("(?m)^\\s+70\\s+internal error");
    }

    @ParameterizedTest
    @EnumSource(RunStatus.class)
    void everyRunStatusHasItsDocumentedExitCode(RunStatus status) {
        int expected = switch (status) {
            case SUCCEEDED -> 0;
            case FAILED -> 1;
            case DENIED -> 3;
            case TIMED_OUT, MEMORY_EXCEEDED, OUTPUT_EXCEEDED -> 4;
            case KILLED -> 5;
            case ERROR -> 70;
        };

        assertThat(ExitCodes.of(status)).isEqualTo(expected);
        assertThat(ExitCodes.HELP).containsPattern("(?m)^\\s+" + expected + "\\s");
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void refusalCodesExitThreeAndInternalErrorsSeventy(ErrorCode code) {
        assertThat(ExitCodes.of(code)).isEqualTo(code == ErrorCode.INTERNAL ? ExitCodes.INTERNAL : ExitCodes.REFUSED);
    }
}
