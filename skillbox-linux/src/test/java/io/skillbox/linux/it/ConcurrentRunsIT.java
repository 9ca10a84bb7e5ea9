package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run tries to read another, concurrent run's files and processes. */
class ConcurrentRunsIT extends SandboxIT {

    @Test
    void runsCannotSeeEachOther(@TempDir Path victimDir, @TempDir Path thiefDir) throws Exception {
        String secret = token();
        Path victim = TestSkills.python(victimDir, "{ timeout: 20s }", """
                import json, os, subprocess, sys
                secret = json.load(sys.stdin)["secret"]
                for path in ["/work/secret", "/tmp/secret", "/dev/shm/secret"]:
                    with open(path, "w") as f:
                        f.write(secret)
                subprocess.run(["/bin/sh", "-c", "sleep 4; :", secret])
                print("{}")
                """);
        String thiefToken = token();
        Path thief = TestSkills.shell(thiefDir, "{ timeout: 20s }", """
                /bin/sh -c 'sleep 2; :' %s
                for f in /proc/*/cmdline /proc/*/environ /proc/*/root/work/secret /run/skillbox/slots/*/work/secret; do
                  cat "$f" 2>/dev/null
                done
                find / -xdev -name secret 2>/dev/null
                grep -r "%s" /tmp /dev/shm /work 2>/dev/null
                ls -la /proc
                """.formatted(thiefToken, secret.substring(0, 20)));

        CompletableFuture<RunResult> victimRun = CompletableFuture.supplyAsync(() -> run(victim, Map.of("secret", secret)));
        HostView.Proc victimProc = awaitProcess(secret);
        CompletableFuture<RunResult> thiefRun = CompletableFuture.supplyAsync(() -> run(thief, Map.of()));
        HostView.Proc thiefProc = awaitProcess(thiefToken);
        RunResult stolen = thiefRun.join();
        victimRun.join();

        assertThat(stolen.stdout() + stolen.stderr()).doesNotContain(secret);
        // Host side: the two live runs had different host uids, so even an escape could not cross over,
        // and each scratch space is mode 0700 for its own uid.
        assertThat(victimProc.hostUid()).isNotEqualTo(thiefProc.hostUid());
        assertThat(HostView.processesWith(secret)).isEmpty();
    }

    private static HostView.Proc awaitProcess(String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            var procs = HostView.processesWith(token);
            if (!procs.isEmpty()) {
                return procs.getFirst();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("victim never started");
    }
}
