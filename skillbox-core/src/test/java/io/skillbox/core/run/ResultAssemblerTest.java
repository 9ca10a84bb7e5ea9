package io.skillbox.core.run;

import static io.skillbox.core.backend.FakeBackend.exited;
import static io.skillbox.core.backend.FakeBackend.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.backend.FakeBackend;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.Isolation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a backend observed, turned into the run result contract: status, exit code, result, violations. */
class ResultAssemblerTest {
    @TempDir
    Path temp;
    Path bundle;
    FakeBackend backend;
    Skillbox box;

    @BeforeEach
    void skillbox() {
        bundle = Bundles.write(temp.resolve("counter"), Bundles.COUNTER);
        backend = new FakeBackend("fake", Isolation.NAMESPACES);
        box = Skillbox.builder().backend(backend).build();
    }

    @AfterEach
    void close() {
        box.close();
    }

    private RunResult runEndingWith(ProcessOutcome outcome) {
        backend.answering(outcome);
        return box.run(RunRequest.of(bundle, "{\"text\": \"a b\"}"));
    }

    private RunResult runEndingWith(Termination termination) {
        return runEndingWith(outcome(termination, "", List.of()));
    }

    @Test
    void exitZeroSucceedsWithStdoutParsedAsJson() {
        RunResult r = runEndingWith(exited(0, "{\"words\": 2}\n"));

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.exitCode()).isZero();
        assertThat(r.result().path("words").intValue()).isEqualTo(2);
        assertThat(r.stdout()).isEqualTo("{\"words\": 2}\n");
        assertThat(r.error()).isNull();
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void aFinishedRunReportsItsSkillBackendTierLogsUsageAndTiming() {
        RunResult r = runEndingWith(exited(0, "{\"words\": 2}"));

        assertThat(r.skill()).isEqualTo("counter");
        assertThat(r.backend()).isEqualTo("fake");
        assertThat(r.isolation()).isEqualTo("namespaces");
        assertThat(r.stderr()).isEqualTo("log line\n");
        assertThat(r.usage()).isEqualTo(new RunResult.Usage(42L << 20, 120));
        assertThat(r.startedAt()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(r.durationMs()).isEqualTo(250);
        assertThat(r.runId()).matches("[0-9a-f]{12}-[0-9a-f]{8}");
    }

    @Test
    void stdoutThatIsNotJsonBecomesAJsonString() {
        RunResult r = runEndingWith(exited(3, "hello, world\n"));

        assertThat(r.result().isString()).isTrue();
        assertThat(r.result().stringValue()).isEqualTo("hello, world\n");
    }

    @Test
    void noStdoutMeansNoResult() {
        assertThat(runEndingWith(exited(3, "")).result()).isNull();
    }

    @Test
    void aNonZeroExitFailsWithThatExitCode() {
        RunResult r = runEndingWith(exited(3, ""));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.error()).isNull();
    }

    @Test
    void aSignalFailsWithExitCode128PlusTheSignal() {
        RunResult r = runEndingWith(new Termination.Signaled(9));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.exitCode()).isEqualTo(137);
    }

    @Test
    void aTimeoutIsTimedOutWithAViolationOnResourcesTimeout() {
        RunResult r = runEndingWith(new Termination.TimedOut());

        assertThat(r.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(r.exitCode()).isNull();
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("resources.timeout");
            assertThat(v.problem()).contains("10s");
        });
    }

    @Test
    void theOomKillerIsMemoryExceededWithAViolationOnResourcesMemory() {
        RunResult r = runEndingWith(new Termination.MemoryExceeded());

        assertThat(r.status()).isEqualTo(RunStatus.MEMORY_EXCEEDED);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("resources.memory");
            assertThat(v.problem()).contains("64Mi");
        });
    }

    @Test
    void tooMuchOutputIsOutputExceededWithAViolationOnResourcesOutput() {
        RunResult r = runEndingWith(new Termination.OutputExceeded("stderr"));

        assertThat(r.status()).isEqualTo(RunStatus.OUTPUT_EXCEEDED);
        assertThat(r.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("resources.output");
            assertThat(v.problem()).contains("64Ki").contains("stderr");
        });
    }

    @Test
    void aCancelledRunIsKilled() {
        assertThat(runEndingWith(new Termination.Cancelled("caller gave up")).status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    void aSetupFailureIsAnInternalError() {
        RunResult r = runEndingWith(new Termination.SetupFailed("cgroup could not be created"));

        assertThat(r.status()).isEqualTo(RunStatus.ERROR);
        assertThat(r.error().code()).isEqualTo("internal");
        assertThat(r.error().message()).contains("cgroup could not be created");
        assertThat(r.exitCode()).isNull();
    }

    @Test
    void aResultBreakingTheResultSchemaFailsWithAViolationOnTheResult() {
        RunResult r = runEndingWith(exited(0, "{\"words\": \"two\"}"));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.exitCode()).isZero();
        assertThat(r.violations()).isNotEmpty()
                .allSatisfy(v -> assertThat(v.field()).startsWith("result"))
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("result.words"));
    }

    @Test
    void aResultMissingARequiredFieldFails() {
        RunResult r = runEndingWith(exited(0, "{}"));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.violations()).extracting(Violation::field).allSatisfy(f -> assertThat(f).startsWith("result"));
    }

    @Test
    void theResultSchemaIsOnlyCheckedForSuccessfulRuns() {
        RunResult r = runEndingWith(exited(2, "{\"words\": \"two\"}"));

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.violations()).isEmpty();
    }

    @Test
    void violationsTheBackendObservedAreKept() {
        Violation pids = new Violation("resources.pids", "the run hit its pids limit", "ask for more pids");
        ProcessOutcome base = exited(0, "{\"words\": 1}");

        RunResult r = runEndingWith(new ProcessOutcome(base.termination(), base.stdout(), base.stderr(), base.usage(),
                List.of(), List.of(pids), base.startedAt(), base.duration()));

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(r.violations()).containsExactly(pids);
    }
}
