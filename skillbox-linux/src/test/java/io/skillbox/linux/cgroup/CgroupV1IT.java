package io.skillbox.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The v1 driver on this host's real cgroupfs (v1 hybrid). Fails, never skips, on a host without it. */
@Timeout(60)
class CgroupV1IT {
    private static final long MIB = 1024 * 1024;
    private static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu", "cpuacct", "freezer");
    private static final CgroupFs FS = CgroupFs.host();
    private static final List<Path> parentsCreatedHere = new ArrayList<>();

    private CgroupV1Manager manager;
    private final List<RunCgroup> runs = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void rememberWhichParentsExist() {
        CgroupV1Manager manager = (CgroupV1Manager) CgroupManager.detect();
        manager.parentDirs().stream().filter(p -> !FS.exists(p)).forEach(parentsCreatedHere::add);
    }

    @BeforeEach
    void detect() {
        assertThat(CgroupManager.unavailableReason()).isEmpty();
        assertThat(CgroupManager.detect()).isInstanceOf(CgroupV1Manager.class);
        manager = (CgroupV1Manager) CgroupManager.detect();
    }

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        runs.forEach(RunCgroup::close);
        manager.sweepStale(); // leaked on purpose, or by a failed test
    }

    @AfterAll
    static void removeParentsThisTestCreated() {
        for (Path parent : parentsCreatedHere.reversed()) {
            if (FS.exists(parent) && FS.listDirs(parent).isEmpty()) {
                CgroupSupport.rmdir(FS, parent);
            }
        }
    }

    @Test
    void limitsAreInTheRealFiles() {
        RunCgroup run = create(64 * MIB, 500, 16);
        Map<String, Path> dirs = dirsOf(run);

        assertThat(read(dirs.get("memory"), "memory.limit_in_bytes")).isEqualTo("67108864");
        assertThat(read(dirs.get("memory"), "memory.memsw.limit_in_bytes")).isEqualTo("67108864");
        assertThat(read(dirs.get("memory"), "memory.swappiness")).isEqualTo("0");
        assertThat(read(dirs.get("pids"), "pids.max")).isEqualTo("16");
        assertThat(read(dirs.get("cpu"), "cpu.cfs_period_us")).isEqualTo("100000");
        assertThat(read(dirs.get("cpu"), "cpu.cfs_quota_us")).isEqualTo("50000");
    }

    @Test
    void addProcessMovesItIntoEveryHierarchyAndKillAllEmptiesTheCgroup() throws Exception {
        RunCgroup run = create(64 * MIB, 500, 16);
        Process sleeper = start("/bin/sh", "-c", "read x; sleep 30");
        int pid = (int) sleeper.pid();

        run.addProcess(pid);
        release(sleeper);

        // The shell's child (sleep) is forked after the move, so it starts inside the cgroup too.
        assertThat(CgroupSupport.await(() -> run.processes().size() == 2, Duration.ofSeconds(5))).isTrue();
        for (int member : run.processes()) {
            Map<String, String> membership = cgroupsOf(member);
            for (String controller : CONTROLLERS) {
                assertThat(membership.get(controller)).as(member + " " + controller).endsWith("/skillbox/" + run.name());
            }
        }
        assertThat(run.processes()).contains(pid);

        run.killAll();

        assertThat(run.processes()).isEmpty();
        assertThat(sleeper.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(Path.of("/proc/" + pid))).isFalse();
    }

    @Test
    void cpuIsAccountedAndThrottledToTheQuota() throws Exception {
        RunCgroup run = create(64 * MIB, 500, 16);
        Process spinner = start("/usr/bin/python3", "-c",
                "import sys, time\nsys.stdin.readline()\nend = time.time() + 1.5\nwhile time.time() < end: pass\n");
        run.addProcess((int) spinner.pid());
        release(spinner);

        assertThat(spinner.waitFor(10, TimeUnit.SECONDS)).isTrue();

        // 1.5 s of wall time at half a CPU: about 750 ms, never the full 1.5 s.
        assertThat(run.usage().cpuMillis()).isBetween(300L, 1100L);
    }

    @Test
    void aProcessAllocatingMoreThanTheLimitIsOomKilled() throws Exception {
        RunCgroup run = create(64 * MIB, 500, 16);
        Process hog = start("/usr/bin/python3", "-c",
                "import sys\nsys.stdin.readline()\nblock = b'x' * (200 * 1024 * 1024)\nprint('survived')\n");
        run.addProcess((int) hog.pid());

        release(hog);

        assertThat(hog.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(hog.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(run.oomKilled()).isTrue();
        assertThat(run.usage().peakMemoryBytes()).isBetween(16 * MIB, 64 * MIB);
    }

    @Test
    void aForkLoopHitsThePidsLimitAndKillAllLeavesNoProcess() throws Exception {
        RunCgroup run = create(64 * MIB, 500, 16);
        Process loop = start("/bin/sh", "-c", "read x; for i in $(seq 50); do sleep 30 & done; wait");
        run.addProcess((int) loop.pid());

        release(loop);

        assertThat(CgroupSupport.await(run::pidsLimitHit, Duration.ofSeconds(10))).as("pids.events max").isTrue();
        List<Integer> members = run.processes();
        assertThat(members).hasSizeBetween(2, 16);

        run.killAll();

        assertThat(run.processes()).isEmpty();
        dirsOf(run).values().forEach(dir -> assertThat(read(dir, "cgroup.procs")).isEmpty());
        assertThat(loop.waitFor(2, TimeUnit.SECONDS)).isTrue();
        // The orphaned sleeps belong to pid 1 now; gone or at most zombies waiting to be reaped.
        for (int pid : members) {
            assertThat(stateOf(pid)).as("pid " + pid).isIn("gone", "Z");
        }
    }

    @Test
    void aRealForkBombIsKilledWithoutRacingItsForks() throws Exception {
        RunCgroup run = create(64 * MIB, 500, 16);
        Process bomb = start("/bin/sh", "-c", "read x; f() { f & f; }; f");
        run.addProcess((int) bomb.pid());

        release(bomb);
        assertThat(CgroupSupport.await(run::pidsLimitHit, Duration.ofSeconds(10))).isTrue();

        run.killAll();

        assertThat(run.processes()).isEmpty();
        assertThat(bomb.waitFor(2, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void closeRemovesEveryDirectoryAndIsIdempotent() throws Exception {
        RunCgroup run = manager.create(runId(), 64 * MIB, 500, 16);
        Process sleeper = start("/bin/sh", "-c", "sleep 30");
        run.addProcess((int) sleeper.pid());
        Map<String, Path> dirs = dirsOf(run);

        run.close();
        run.close();

        dirs.values().forEach(dir -> assertThat(Files.exists(dir)).as(dir.toString()).isFalse());
        assertThat(sleeper.waitFor(2, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void sweepStaleCleansLeakedRunsButNotLiveOnes() throws Exception {
        RunCgroup live = create(64 * MIB, 500, 16);
        // Leaked by a "crashed JVM": directories made by hand, nobody holds the lease.
        String leakedName = CgroupSupport.runName(runId());
        Process straggler = start("/bin/sh", "-c", "sleep 30");
        for (Path parent : manager.parentDirs()) {
            FS.mkdir(parent.resolve(leakedName));
            FS.write(parent.resolve(leakedName).resolve("cgroup.procs"), Long.toString(straggler.pid()));
        }
        // Abandoned: created normally, then the lease dropped as when the owning JVM dies.
        RunCgroup abandoned = manager.create(runId(), 64 * MIB, 500, 16);
        Process second = start("/bin/sh", "-c", "sleep 30");
        abandoned.addProcess((int) second.pid());
        ((LeasedRunCgroup) abandoned).abandon();

        assertThat(manager.sweepStale()).isGreaterThanOrEqualTo(2);

        for (Path parent : manager.parentDirs()) {
            assertThat(Files.exists(parent.resolve(leakedName))).isFalse();
            assertThat(Files.exists(parent.resolve(abandoned.name()))).isFalse();
            assertThat(Files.exists(parent.resolve(live.name()))).isTrue();
        }
        assertThat(straggler.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(second.waitFor(2, TimeUnit.SECONDS)).isTrue();
    }

    private RunCgroup create(long memoryBytes, long cpuMillis, int pids) {
        RunCgroup run = manager.create(runId(), memoryBytes, cpuMillis, pids);
        runs.add(run);
        return run;
    }

    private static String runId() {
        return "it-" + UUID.randomUUID();
    }

    private Process start(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        return process;
    }

    /** The test processes wait for a line on stdin so that they are in the cgroup before they act. */
    private static void release(Process process) throws IOException {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write("go\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private Map<String, Path> dirsOf(RunCgroup run) {
        return manager.runDirs(run.name());
    }

    private static String read(Path dir, String file) {
        return FS.read(dir.resolve(file)).trim();
    }

    /** controller -> cgroup path, from /proc/<pid>/cgroup. */
    private static Map<String, String> cgroupsOf(int pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .map(line -> line.split(":", 3))
                .flatMap(parts -> java.util.Arrays.stream(parts[1].split(",")).map(c -> Map.entry(c, parts[2])))
                .filter(e -> !e.getKey().isEmpty())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }

    private static String stateOf(int pid) throws IOException {
        List<String> status;
        try {
            status = Files.readAllLines(Path.of("/proc/" + pid + "/status"));
        } catch (java.nio.file.NoSuchFileException e) {
            return "gone";
        }
        return status.stream().filter(l -> l.startsWith("State:"))
                .map(l -> l.substring("State:".length()).trim().substring(0, 1)).findFirst().orElseThrow();
    }
}
