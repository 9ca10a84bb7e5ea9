package io.skillbox.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.backend.ProcessOutcome.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupV1ManagerTest {
    private static final long MIB = 1024 * 1024;
    private static final String MEMORY_RUN = Fixtures.HOST_MEMORY_OWN + "/skillbox/run-r1";
    private static final List<String> RUN_DIRS = List.of(MEMORY_RUN, "/sys/fs/cgroup/pids/skillbox/run-r1",
            "/sys/fs/cgroup/cpu/skillbox/run-r1", "/sys/fs/cgroup/cpuacct/skillbox/run-r1",
            "/sys/fs/cgroup/freezer/skillbox/run-r1");

    private final FakeCgroupFs fs = Fixtures.v1Hybrid();
    private final CgroupManager manager = CgroupManager.detect(fs);

    @Test
    void createWritesExactlyTheLimitFiles() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.name()).isEqualTo("run-r1");
            assertThat(fs.writesRelativeTo("/sys/fs/cgroup")).containsExactlyElementsOf(Fixtures.lines("golden/v1-create.txt"));
            RUN_DIRS.forEach(dir -> assertThat(fs.isDir(dir)).as(dir).isTrue());
            assertThat(fs.locked(MEMORY_RUN)).as("lease held").isTrue();
        }
    }

    /** runc run removes the container's cgroup, a child of the run's, when the container ends, maybe mid-read. */
    @Test
    void aChildCgroupRemovedWhileItsMembersAreReadHasNone() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            run.addProcess(4242);
            fs.cgroup("/sys/fs/cgroup/pids/skillbox/run-r1/container")
                    .vanishOnRead("/sys/fs/cgroup/pids/skillbox/run-r1/container/cgroup.procs");

            assertThat(run.processes()).containsExactly(4242);
        }
    }

    @Test
    void coMountedCpuCpuacctGetsOneDirectoryAndOneMove() {
        FakeCgroupFs comounted = Fixtures.v1Comounted();
        try (RunCgroup run = CgroupManager.detect(comounted).create("r1", 256 * MIB, 1500, 64)) {
            run.addProcess(4242);

            assertThat(comounted.writesRelativeTo("/sys/fs/cgroup"))
                    .containsExactlyElementsOf(Fixtures.lines("golden/v1-comounted-create.txt"));
            assertThat(run.processes()).containsExactly(4242);
        }
    }

    @Test
    void addProcessMovesThePidInEveryHierarchy() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            fs.clearWrites();
            run.addProcess(4242);

            assertThat(fs.writes()).containsExactlyElementsOf(RUN_DIRS.stream().map(d -> d + "/cgroup.procs = 4242").toList());
            assertThat(run.processes()).containsExactly(4242);
        }
    }

    @Test
    void usageReadsMaxUsageAndCpuacctNanoseconds() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            fs.file(MEMORY_RUN + "/memory.max_usage_in_bytes", "12345678\n")
                    .file("/sys/fs/cgroup/cpuacct/skillbox/run-r1/cpuacct.usage", "2500999999\n");

            assertThat(run.usage()).isEqualTo(new Usage(12_345_678, 2500));
        }
    }

    @Test
    void oomKilledFromOomControlWithFailcntAsFallback() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.oomKilled()).isFalse();
            fs.file(MEMORY_RUN + "/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
            assertThat(run.oomKilled()).isTrue();

            fs.file(MEMORY_RUN + "/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\n").file(MEMORY_RUN + "/memory.failcnt", "0\n");
            assertThat(run.oomKilled()).as("old kernel, limit never hit").isFalse();
            fs.file(MEMORY_RUN + "/memory.failcnt", "3\n");
            assertThat(run.oomKilled()).as("old kernel, limit hit").isTrue();
        }
    }

    @Test
    void memoryLimitHitFromFailcntOrAPeakAtTheLimit() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            fs.file(MEMORY_RUN + "/memory.max_usage_in_bytes", Long.toString(10 * MIB));
            assertThat(run.memoryLimitHit()).isFalse();
            fs.file(MEMORY_RUN + "/memory.max_usage_in_bytes", Long.toString(64 * MIB));
            assertThat(run.memoryLimitHit()).as("peak at the limit, e.g. a child's OOM kill").isTrue();
            fs.file(MEMORY_RUN + "/memory.max_usage_in_bytes", Long.toString(10 * MIB)).file(MEMORY_RUN + "/memory.failcnt", "1\n");
            assertThat(run.memoryLimitHit()).as("a refused charge").isTrue();
        }
    }

    @Test
    void pidsLimitHitFromPidsEvents() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.pidsLimitHit()).isFalse();
            fs.file("/sys/fs/cgroup/pids/skillbox/run-r1/pids.events", "max 5\n");
            assertThat(run.pidsLimitHit()).isTrue();
        }
    }

    @Test
    void killAllFreezesKillsEveryMemberThenThaws() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            run.addProcess(10);
            run.addProcess(11);
            fs.clearWrites();

            run.killAll();

            String state = "/sys/fs/cgroup/freezer/skillbox/run-r1/freezer.state";
            assertThat(fs.writes()).containsExactly(state + " = FROZEN", state + " = THAWED");
            assertThat(fs.killed()).containsExactly(10, 11);
            assertThat(run.processes()).isEmpty();
        }
    }

    @Test
    void killAllLoopsUntilNoMemberIsLeft() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            run.addProcess(10);
            // A child forked just before the freeze shows up after the first round.
            fs.onKill(pid -> {
                if (pid == 10) {
                    RUN_DIRS.forEach(dir -> fs.spawn(dir, 12));
                }
            });
            fs.clearWrites();

            run.killAll();

            assertThat(fs.killed()).containsExactly(10, 12);
            assertThat(fs.writes()).filteredOn(w -> w.endsWith("= FROZEN")).hasSize(2);
            assertThat(run.processes()).isEmpty();
        }
    }

    @Test
    void killAllThrowsNamingSurvivorsAfterTheTimeout() {
        RunCgroup run = manager.create("r1", 64 * MIB, 500, 16);
        run.addProcess(10);
        fs.onKill(pid -> fs.spawn("/sys/fs/cgroup/freezer/skillbox/run-r1", pid));

        assertThatThrownBy(run::killAll).isInstanceOf(CgroupException.class)
                .hasMessageContaining("run-r1: processes [10] survived freeze + SIGKILL");

        fs.onKill(pid -> {});
        run.close();
    }

    @Test
    void closeRemovesEveryDirectoryLeaseDirectoryLastAndIsIdempotent() {
        RunCgroup run = manager.create("r1", 64 * MIB, 500, 16);
        run.addProcess(10);

        run.close();
        run.close();

        assertThat(fs.removed()).containsExactlyElementsOf(RUN_DIRS.reversed());
        assertThat(fs.killed()).containsExactly(10);
        assertThat(fs.locked(MEMORY_RUN)).as("lease released").isFalse();
        assertThat(fs.isDir(Fixtures.HOST_MEMORY_OWN + "/skillbox")).as("parent stays for other runs").isTrue();
    }

    @Test
    void closeRetriesRmdirWhileBusy() {
        RunCgroup run = manager.create("r1", 64 * MIB, 500, 16);
        fs.failRmdir("/sys/fs/cgroup/pids/skillbox/run-r1", CgroupException.EBUSY, 3);

        run.close();

        assertThat(fs.isDir("/sys/fs/cgroup/pids/skillbox/run-r1")).isFalse();
    }

    @Test
    void closeGivesUpOnAPersistentlyBusyCgroupWithTheErrno() {
        RunCgroup run = manager.create("r1", 64 * MIB, 500, 16);
        fs.failRmdir("/sys/fs/cgroup/pids/skillbox/run-r1", CgroupException.EBUSY, 100_000);

        assertThatThrownBy(run::close).isInstanceOfSatisfying(CgroupException.class, e -> {
            assertThat(e.errno()).isEqualTo(CgroupException.EBUSY);
            assertThat(e.path()).isEqualTo("/sys/fs/cgroup/pids/skillbox/run-r1");
        });
        assertThat(fs.locked(MEMORY_RUN)).as("still ours until it is gone").isTrue();
    }

    @Test
    void closeOfACgroupThatIsAlreadyGoneDoesNotThrow() {
        RunCgroup run = manager.create("r1", 64 * MIB, 500, 16);
        RUN_DIRS.reversed().forEach(dir -> fs.rmdir(java.nio.file.Path.of(dir)));

        run.close();
    }

    @Test
    void sweepStaleRemovesUnleasedRunsOnly() {
        RunCgroup live = manager.create("live", 64 * MIB, 500, 16);
        for (String dir : RUN_DIRS) {
            fs.cgroup(dir.replace("run-r1", "run-crashed")).spawn(dir.replace("run-r1", "run-crashed"), 77);
            fs.cgroup(dir.replace("run-r1", "run-otherjvm"));
        }
        fs.lockedElsewhere(MEMORY_RUN.replace("run-r1", "run-otherjvm"));
        fs.cgroup(Fixtures.HOST_MEMORY_OWN + "/skillbox/t1");

        assertThat(manager.sweepStale()).isEqualTo(1);

        assertThat(fs.killed()).containsExactly(77);
        RUN_DIRS.forEach(dir -> assertThat(fs.isDir(dir.replace("run-r1", "run-crashed"))).isFalse());
        RUN_DIRS.forEach(dir -> assertThat(fs.isDir(dir.replace("run-r1", "run-otherjvm"))).isTrue());
        assertThat(fs.isDir(MEMORY_RUN.replace("run-r1", "run-live"))).isTrue();
        assertThat(fs.isDir(Fixtures.HOST_MEMORY_OWN + "/skillbox/t1")).isTrue();
        live.close();
    }

    @Test
    void duplicateAndUnsafeRunIdsAreRefused() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.name()).isEqualTo("run-r1");
            assertThatThrownBy(() -> manager.create("r1", 64 * MIB, 500, 16))
                    .isInstanceOf(CgroupException.class).hasMessageContaining("already exists");
        }
        assertThatThrownBy(() -> manager.create("../escape", 64 * MIB, 500, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> manager.create("ok", 0, 500, 16)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailedLimitWriteRemovesTheHalfMadeRunAndNamesTheFile() {
        fs.failWrite("/sys/fs/cgroup/pids/skillbox/run-r1/pids.max", CgroupException.EINVAL, 1);

        assertThatThrownBy(() -> manager.create("r1", 64 * MIB, 500, 16)).isInstanceOfSatisfying(CgroupException.class, e -> {
            assertThat(e.errno()).isEqualTo(CgroupException.EINVAL);
            assertThat(e.getMessage()).contains("/sys/fs/cgroup/pids/skillbox/run-r1/pids.max");
        });
        RUN_DIRS.forEach(dir -> assertThat(fs.isDir(dir)).as(dir).isFalse());
        assertThat(fs.locked(Fixtures.HOST_MEMORY_OWN + "/skillbox")).isFalse();
    }

    @Test
    void tinyCpuSharesUseALongerPeriodInsteadOfRoundingUp() {
        assertThat(CgroupSupport.cfsQuota(500)).containsExactly(50_000, 100_000);
        assertThat(CgroupSupport.cfsQuota(2000)).containsExactly(200_000, 100_000);
        assertThat(CgroupSupport.cfsQuota(10)).containsExactly(1_000, 100_000);
        assertThat(CgroupSupport.cfsQuota(5)).containsExactly(5_000, 1_000_000);
        assertThat(CgroupSupport.cfsQuota(1)).containsExactly(1_000, 1_000_000);
    }
}
