package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.spec.Isolation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The skill tries to exhaust the host: processes, memory, CPU, time and output. */
class LimitsAttackIT extends SandboxIT {

    @Test
    void forkBombHitsThePidsCeiling(@TempDir Path dir) {
        // gVisor boots in about a second and forks through ptrace stubs, several host threads each: its bomb
        // needs a few seconds to reach the (scaled) ceiling, which it must reach before the timeout here too.
        int timeoutSeconds = TIER == Isolation.GVISOR ? 10 : 3;
        Path bundle = TestSkills.shell(dir, "{ pids: 32, timeout: " + timeoutSeconds + "s }",
                "echo started >&2; bomb() { bomb | bomb; }; bomb\n");

        RunResult r = run(bundle, Map.of());

        assertThat(r.stderr()).as("the bomb ran").startsWith("started");
        // Under gVisor the limit bounds the sandbox's host tasks, and the Sentry, unable to make the thread it
        // needs, ends the run (FAILED) where Linux would have refused the skill's fork.
        assertThat(r.status()).isIn(RunStatus.TIMED_OUT, RunStatus.SUCCEEDED, RunStatus.FAILED);
        assertThat(r.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("resources.pids"));
        assertThat(r.durationMs()).isLessThan(timeoutSeconds * 1000L + 5000);
        assertThat(HostView.processesOfSandboxUids()).isEmpty();
    }

    @Test
    void memoryHogIsKilledAtItsLimit(@TempDir Path dir) {
        Path bundle = TestSkills.python(dir, "{ memory: 64Mi, timeout: 20s }", """
                chunks = []
                for _ in range(1024):
                    chunks.append(bytearray(1 << 20))
                print("survived")
                """);

        RunResult r = run(bundle, Map.of());

        assertThat(r.status()).isEqualTo(RunStatus.MEMORY_EXCEEDED);
        assertThat(r.stdout()).doesNotContain("survived");
        assertThat(r.usage().peakMemoryBytes()).isGreaterThan(32L << 20).isLessThanOrEqualTo((64L << 20) + (4L << 20));
        assertThat(r.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("resources.memory"));
    }

    @Test
    void cpuIsThrottledToItsShare(@TempDir Path dir) {
        Path bundle = TestSkills.python(dir, "{ cpus: 0.25, timeout: 20s }", """
                import time
                end = time.monotonic() + 2.0
                while time.monotonic() < end:
                    pass
                """);

        RunResult r = run(bundle, Map.of());

        assertThat(r.status()).as(r.stderr()).isEqualTo(RunStatus.SUCCEEDED);
        // Never more than a quarter of a core for as long as the run lasted (one 100 ms period of slack), while
        // the loop, which would take both cores unthrottled, got its share.
        assertThat(r.usage().cpuMillis()).isGreaterThanOrEqualTo(200L)
                .isLessThanOrEqualTo(r.durationMs() / 4 + 100);
        if (TIER != Isolation.GVISOR) {
            // A quarter of one core for about two seconds, with slack for start-up and the period boundary. Under
            // gVisor the Sentry's and Gofer's own start and stop, throttled alike, add a second or so of wall time
            // at that quarter core: the bound above is the one that holds for it.
            assertThat(r.usage().cpuMillis()).isBetween(200L, 900L);
        }
    }

    @Test
    void ignoringSigtermDoesNotOutliveTheTimeout(@TempDir Path dir) {
        Path bundle = TestSkills.shell(dir, "{ timeout: 1500ms }", """
                trap '' TERM INT HUP
                (trap '' TERM INT HUP; while :; do :; done) &
                while :; do sleep 1; done
                """);

        RunResult r = run(bundle, Map.of());

        assertThat(r.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(r.durationMs()).isBetween(1400L, 4500L);
        assertThat(r.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("resources.timeout"));
        assertThat(HostView.processesOfSandboxUids()).isEmpty();
    }

    @Test
    void stdoutFloodIsCutAtTheCapAndKilled(@TempDir Path dir) {
        Path bundle = TestSkills.python(dir, "{ output: 256Ki, timeout: 20s }", """
                import sys
                line = "x" * 1023 + "\\n"
                for _ in range(200000):
                    sys.stdout.write(line)
                """);

        RunResult r = run(bundle, Map.of());

        assertThat(r.status()).as("error: %s", r.error()).isEqualTo(RunStatus.OUTPUT_EXCEEDED);
        assertThat(r.stdout().getBytes(StandardCharsets.UTF_8)).hasSize(256 * 1024);
        assertThat(r.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("resources.output"));
        assertThat(HostView.processesOfSandboxUids()).isEmpty();
    }

    @Test
    void stderrFloodIsCutAtTheCapAndKilled(@TempDir Path dir) {
        Path bundle = TestSkills.shell(dir, "{ output: 64Ki, timeout: 20s }", "yes log-line >&2\n");

        RunResult r = run(bundle, Map.of());

        assertThat(r.status()).as("error: %s", r.error()).isEqualTo(RunStatus.OUTPUT_EXCEEDED);
        assertThat(r.stderr().getBytes(StandardCharsets.UTF_8)).hasSize(64 * 1024);
    }
}
