package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.spec.Isolation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run tries to read another, concurrent run's files and processes. */
class ConcurrentRunsIT extends SandboxIT {

    @Test
    void runsCannotSeeEachOther(@TempDir Path victimDir, @TempDir Path thiefDir) throws Exception {
        String secret = token();
        String victimToken = token();
        Path victim = TestSkills.python(victimDir, "{ timeout: 20s }", """
                import json, os, subprocess, sys
                p = json.load(sys.stdin)
                secret = p["secret"]
                for path in ["/work/secret", "/tmp/secret", "/dev/shm/secret"]:
                    with open(path, "w") as f:
                        f.write(secret)
                with open("/work/" + p["token"], "w") as f:
                    f.write(os.environ["SKILLBOX_RUN_ID"])
                subprocess.run(["/bin/sh", "-c", "sleep 4; :", secret])
                print("{}")
                """);
        String thiefToken = token();
        Path thief = TestSkills.shell(thiefDir, "{ timeout: 20s }", """
                echo "$SKILLBOX_RUN_ID" > /work/%s
                /bin/sh -c 'sleep 2; :' %s
                for f in /proc/*/cmdline /proc/*/environ /proc/*/root/work/secret /run/skillbox/slots/*/work/secret; do
                  cat "$f" 2>/dev/null
                done
                find / -xdev -name secret 2>/dev/null
                grep -r "%s" /tmp /dev/shm /work 2>/dev/null
                ls -la /proc
                """.formatted(thiefToken, thiefToken, secret.substring(0, 20)));

        CompletableFuture<RunResult> victimRun = CompletableFuture.supplyAsync(
                () -> run(victim, Map.of("secret", secret, "token", victimToken)));
        String victimRunId = HostView.awaitRunId(victimToken, Duration.ofSeconds(15));
        List<HostView.Proc> victimProcs = HostView.processesOfRun(victimRunId);
        List<String> victimUserns = userNamespaces(victimProcs);
        Path victimScratch = HostView.scratchOf(victimToken);
        CompletableFuture<RunResult> thiefRun = CompletableFuture.supplyAsync(() -> run(thief, Map.of()));
        String thiefRunId = HostView.awaitRunId(thiefToken, Duration.ofSeconds(15));
        List<HostView.Proc> thiefProcs = HostView.processesOfRun(thiefRunId);
        List<String> thiefUserns = userNamespaces(thiefProcs);
        Path thiefScratch = HostView.scratchOf(thiefToken);
        int victimUid = (int) Files.getAttribute(victimScratch, "unix:uid");
        int thiefUid = (int) Files.getAttribute(thiefScratch, "unix:uid");
        // Read while both run: afterwards the slots' mount points are bare, mode 000.
        List<Object> scratchModes = List.of(Files.getPosixFilePermissions(victimScratch),
                Files.getPosixFilePermissions(thiefScratch));
        RunResult stolen = thiefRun.join();
        victimRun.join();

        assertThat(stolen.stdout() + stolen.stderr()).doesNotContain(secret);
        // Host side: each scratch space is mode 0700 for its own run's host uid, and no process of one run runs
        // as the other's, so even an escape could not cross over.
        assertThat(victimUid).isNotEqualTo(thiefUid);
        assertThat(scratchModes).containsOnly(PosixFilePermissions.fromString("rwx------"));
        assertThat(victimProcs).isNotEmpty().noneMatch(p -> p.hostUid() == thiefUid);
        assertThat(thiefProcs).isNotEmpty().noneMatch(p -> p.hostUid() == victimUid);
        if (TIER == Isolation.GVISOR) {
            // Under gVisor both runs' Sentries are gVisor's `nobody` and both Gofers the container root's host uid,
            // the same uids for every run: what keeps them apart on the host is that each run's are in a user
            // namespace of its own, so no capability of one reaches the other's processes or files.
            assertThat(victimUserns).isNotEmpty().doesNotContainAnyElementsOf(thiefUserns);
            assertThat(thiefUserns).isNotEmpty();
        } else {
            // The skill's own processes run as its run's host uid.
            assertThat(victimProcs).anySatisfy(p -> assertThat(p.hostUid()).isEqualTo(victimUid));
            assertThat(thiefProcs).anySatisfy(p -> assertThat(p.hostUid()).isEqualTo(thiefUid));
        }
        assertThat(HostView.processesWith(secret)).isEmpty();
        assertThat(HostView.processesOfRun(victimRunId)).isEmpty();
    }

    /** The user namespaces of the processes still alive, read while the run goes on. */
    private static List<String> userNamespaces(List<HostView.Proc> procs) {
        return procs.stream().flatMap(p -> HostView.namespace(p.pid(), "user").stream()).distinct().toList();
    }
}
