package io.skillbox.linux.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.backend.ProcessOutcome.Usage;
import org.junit.jupiter.api.Test;

class CgroupV2ManagerTest {
    private static final long MIB = 1024 * 1024;
    private static final String ROOT_RUN = "/sys/fs/cgroup/skillbox/run-r1";
    private static final String SERVICE =
            "/sys/fs/cgroup/user.slice/user-1000.slice/user@1000.service/app.slice/skillbox.service";

    private final FakeCgroupFs fs = Fixtures.v2("v2-root");
    private final CgroupManager manager = CgroupManager.detect(fs);

    @Test
    void createEnablesControllersAndWritesExactlyTheLimitFiles() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.name()).isEqualTo("run-r1");
            assertThat(fs.writesRelativeTo("/sys/fs/cgroup")).containsExactlyElementsOf(Fixtures.lines("golden/v2-create.txt"));
            assertThat(fs.locked(ROOT_RUN)).isTrue();
        }
    }

    @Test
    void theParentIsPreparedOnceAndOptionalFilesAreSkippedWhenAbsent() {
        manager.create("r1", 64 * MIB, 500, 16).close();
        fs.clearWrites();
        // An older kernel: no swap accounting and no oom.group in new cgroups.
        FakeCgroupFs older = Fixtures.v2("v2-root");
        older.hierarchy("/sys/fs/cgroup", withoutFiles("memory.swap.max", "memory.oom.group"));
        CgroupManager olderManager = CgroupManager.detect(older);
        olderManager.create("a", 64 * MIB, 500, 16).close();
        older.clearWrites();

        try (RunCgroup run = olderManager.create("b", 64 * MIB, 5, 16)) {
            assertThat(run.name()).isEqualTo("run-b");
            assertThat(older.writesRelativeTo("/sys/fs/cgroup")).containsExactly(
                    "skillbox/run-b/memory.max = 67108864",
                    "skillbox/run-b/pids.max = 16",
                    "skillbox/run-b/cpu.max = 5000 1000000");
        }
    }

    @Test
    void jvmProcessesMoveToTheSupervisorLeafWhenTheOwnCgroupMustBecomeAnInnerNode() {
        FakeCgroupFs nested = Fixtures.v2("v2-nested");
        nested.spawn(SERVICE, 500);
        nested.spawn(SERVICE, 501);

        try (RunCgroup run = CgroupManager.detect(nested).create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.processes()).isEmpty();
            assertThat(nested.writesRelativeTo(SERVICE)).containsExactlyElementsOf(Fixtures.lines("golden/v2-supervisor.txt"));
            assertThat(nested.content(SERVICE + "/cgroup.procs")).isEmpty();
            assertThat(nested.content(SERVICE + "/skillbox-supervisor/cgroup.procs")).isEqualTo("500\n501\n");
            assertThat(nested.content(SERVICE + "/cgroup.subtree_control")).isEqualTo("cpu memory pids");
        }
    }

    @Test
    void aDelegatedCgroupWithControllersAlreadyEnabledNeedsNoMove() {
        FakeCgroupFs nested = Fixtures.v2("v2-nested").file(SERVICE + "/cgroup.subtree_control", "cpu memory pids");

        try (RunCgroup run = CgroupManager.detect(nested).create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.name()).isEqualTo("run-r1");
            assertThat(nested.writes()).noneMatch(w -> w.contains("skillbox-supervisor"))
                    .noneMatch(w -> w.startsWith(SERVICE + "/cgroup.subtree_control"));
        }
    }

    @Test
    void ebusyWithoutProcessesIsNotMistakenForTheInternalProcessRule() {
        FakeCgroupFs nested = Fixtures.v2("v2-nested").failWrite(SERVICE + "/cgroup.subtree_control", CgroupException.EBUSY, 1);

        assertThatThrownBy(() -> CgroupManager.detect(nested).create("r1", 64 * MIB, 500, 16))
                .isInstanceOfSatisfying(CgroupException.class, e -> assertThat(e.errno()).isEqualTo(CgroupException.EBUSY));
        assertThat(nested.isDir(SERVICE + "/skillbox-supervisor")).isFalse();
    }

    @Test
    void usageFromMemoryPeakAndCpuStat() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            fs.file(ROOT_RUN + "/memory.peak", "7340032\n").file(ROOT_RUN + "/cpu.stat", "usage_usec 1234567\nuser_usec 1000000\n");

            assertThat(run.usage()).isEqualTo(new Usage(7_340_032, 1234));
        }
    }

    @Test
    void withoutMemoryPeakThePeakIsTheHighestPolledMemoryCurrent() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            fs.remove(ROOT_RUN + "/memory.peak");
            fs.file(ROOT_RUN + "/memory.current", "100\n");
            assertThat(run.usage().peakMemoryBytes()).isEqualTo(100);
            fs.file(ROOT_RUN + "/memory.current", "50\n");
            assertThat(run.usage().peakMemoryBytes()).isEqualTo(100);
            fs.file(ROOT_RUN + "/memory.current", "300\n");
            assertThat(run.usage().peakMemoryBytes()).isEqualTo(300);
        }
    }

    @Test
    void oomAndPidsEvents() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            assertThat(run.oomKilled()).isFalse();
            assertThat(run.pidsLimitHit()).isFalse();
            fs.file(ROOT_RUN + "/memory.events", "low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\noom_group_kill 1\n")
                    .file(ROOT_RUN + "/pids.events", "max 3\n");
            assertThat(run.oomKilled()).isTrue();
            assertThat(run.pidsLimitHit()).isTrue();
        }
    }

    @Test
    void killAllUsesCgroupKillWhenTheKernelHasIt() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            run.addProcess(10);
            run.addProcess(11);
            fs.clearWrites();

            run.killAll();

            assertThat(fs.writes()).containsExactly(ROOT_RUN + "/cgroup.kill = 1");
            assertThat(fs.killed()).isEmpty();
            assertThat(run.processes()).isEmpty();
        }
    }

    @Test
    void killAllFreezesKillsAndThawsBefore514() {
        try (RunCgroup run = manager.create("r1", 64 * MIB, 500, 16)) {
            fs.remove(ROOT_RUN + "/cgroup.kill");
            run.addProcess(10);
            fs.onKill(pid -> {
                if (pid == 10) {
                    fs.spawn(ROOT_RUN, 12);
                }
            });
            fs.clearWrites();

            run.killAll();

            assertThat(fs.writes()).containsExactly(ROOT_RUN + "/cgroup.freeze = 1", ROOT_RUN + "/cgroup.freeze = 0",
                    ROOT_RUN + "/cgroup.freeze = 1", ROOT_RUN + "/cgroup.freeze = 0");
            assertThat(fs.killed()).containsExactly(10, 12);
        }
    }

    @Test
    void killAllRefusesToRaceForksWithoutKillOrFreeze() {
        RunCgroup run = manager.create("r1", 64 * MIB, 500, 16);
        fs.remove(ROOT_RUN + "/cgroup.kill").remove(ROOT_RUN + "/cgroup.freeze");
        run.addProcess(10);

        assertThatThrownBy(run::killAll).isInstanceOf(CgroupException.class).hasMessageContaining("neither cgroup.kill nor cgroup.freeze");
    }

    @Test
    void closeIsIdempotentAndSweepTakesOnlyUnleasedRuns() {
        RunCgroup live = manager.create("live", 64 * MIB, 500, 16);
        fs.cgroup("/sys/fs/cgroup/skillbox/run-crashed").spawn("/sys/fs/cgroup/skillbox/run-crashed", 77);
        fs.cgroup("/sys/fs/cgroup/skillbox/run-otherjvm").lockedElsewhere("/sys/fs/cgroup/skillbox/run-otherjvm");

        assertThat(manager.sweepStale()).isEqualTo(1);
        assertThat(fs.isDir("/sys/fs/cgroup/skillbox/run-crashed")).isFalse();
        assertThat(fs.isDir("/sys/fs/cgroup/skillbox/run-otherjvm")).isTrue();
        assertThat(fs.writes()).contains("/sys/fs/cgroup/skillbox/run-crashed/cgroup.kill = 1");

        live.close();
        live.close();
        assertThat(fs.removed()).containsExactly("/sys/fs/cgroup/skillbox/run-crashed", "/sys/fs/cgroup/skillbox/run-live");
    }

    private static java.util.Map<String, String> withoutFiles(String... names) {
        java.util.Map<String, String> template = new java.util.HashMap<>(Fixtures.V2);
        for (String name : names) {
            template.remove(name);
        }
        return template;
    }
}
