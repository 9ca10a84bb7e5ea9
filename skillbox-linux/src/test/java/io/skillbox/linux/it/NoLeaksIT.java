package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred runs, many of them killed, four at a time; afterwards nothing of any run may remain:
 * no process, no mount, no cgroup, no held slot.
 */
class NoLeaksIT extends SandboxIT {
    private static final int RUNS = 240;

    @Test
    void nothingRemainsAfterManyRuns(@TempDir Path dir) throws Exception {
        Map<String, Path> skills = Map.of(
                "ok", TestSkills.shell(Files.createDirectory(dir.resolve("ok")), "{ timeout: 10s }",
                        "cat >/dev/null; echo '{\"ok\": true}'; echo data > /work/x; mkdir -p /work/out; echo a > /work/out/a\n"),
                "timeout", TestSkills.shell(Files.createDirectory(dir.resolve("timeout")), "{ timeout: 300ms }",
                        "(setsid sleep 100 &); while :; do :; done\n"),
                "flood", TestSkills.shell(Files.createDirectory(dir.resolve("flood")), "{ output: 4Ki, timeout: 10s }",
                        "yes\n"),
                "daemon", TestSkills.shell(Files.createDirectory(dir.resolve("daemon")), "{ timeout: 10s }",
                        "(setsid sh -c 'trap \"\" TERM HUP; sleep 100' &); echo '{}'\n"),
                "fail", TestSkills.shell(Files.createDirectory(dir.resolve("fail")), "{ timeout: 10s }", "exit 3\n"));
        List<String> kinds = List.of("ok", "ok", "timeout", "flood", "daemon", "fail");

        Set<Integer> zombiesBefore = HostView.zombieChildren().keySet();
        Map<RunStatus, Integer> statuses = new EnumMap<>(RunStatus.class);
        List<String> runIds = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Path bundle = skills.get(kinds.get(i % kinds.size()));
                futures.add(pool.submit(() -> run(bundle, Map.of())));
            }
            for (Future<RunResult> f : futures) {
                statuses.merge(f.get().status(), 1, Integer::sum);
                runIds.add(f.get().runId());
            }
        }

        assertThat(statuses).containsOnlyKeys(RunStatus.SUCCEEDED, RunStatus.TIMED_OUT, RunStatus.OUTPUT_EXCEEDED,
                RunStatus.FAILED);
        assertThat(statuses.get(RunStatus.TIMED_OUT)).isEqualTo(RUNS / kinds.size());
        assertThat(HostView.processesOfSandboxUids()).as("processes").isEmpty();
        awaitReleased();
        assertThat(HostView.mountsContaining("/skillbox/")).as("mounts").isEmpty();
        assertThat(HostView.runCgroups()).as("cgroups").isEmpty();
        // The OCI runtimes' state of any run: a killed gVisor sandbox, for one, leaves its control socket.
        for (String runtime : List.of("runc", "runsc")) {
            try (Stream<Path> state = Files.list(Files.createDirectories(Path.of("/run/skillbox", runtime)))) {
                assertThat(state.map(e -> e.getFileName().toString()))
                        .as("%s state of this test's runs", runtime)
                        .noneMatch(name -> runIds.stream().anyMatch(name::contains));
            }
        }
        // Nothing of any run stays a zombie of skillbox, whatever the runtime re-parented to it (gVisor's stubs).
        assertThat(HostView.newZombieChildren(zombiesBefore, Duration.ofSeconds(2))).as("unreaped children of skillbox")
                .isEmpty();
        // Every run returned its slot: each slot's lock can be taken again.
        try (Stream<Path> slots = Files.list(Path.of("/run/skillbox/slots"))) {
            for (Path slot : slots.toList()) {
                try (FileChannel lock = FileChannel.open(slot.resolve("lock"), StandardOpenOption.WRITE)) {
                    assertThat(lock.tryLock()).as("slot %s is still held", slot).isNotNull();
                }
            }
        }
    }
}
