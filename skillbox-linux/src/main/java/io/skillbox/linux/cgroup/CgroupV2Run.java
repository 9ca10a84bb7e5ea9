package io.skillbox.linux.cgroup;

import io.skillbox.core.backend.ProcessOutcome.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A run cgroup on v2: one directory in the unified hierarchy. */
final class CgroupV2Run extends LeasedRunCgroup {
    private static final Duration FREEZE_WAIT = Duration.ofMillis(500);

    private final Path dir;

    CgroupV2Run(CgroupFs fs, String name, Path dir, CgroupFs.DirLock lease) {
        super(fs, name, List.of(dir), lease);
        this.dir = dir;
    }

    @Override
    public void addProcess(int pid) {
        fs.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
    }

    /** memory.peak exists from kernel 5.19; before that the peak is the highest memory.current polled. */
    @Override
    public Usage usage() {
        Path cpuStat = dir.resolve("cpu.stat");
        long usec = CgroupSupport.keyed(fs.read(cpuStat), "usage_usec")
                .orElseThrow(() -> CgroupException.state("no usage_usec in " + cpuStat, cpuStat));
        return new Usage(peakMemory(), usec / 1000);
    }

    private long peakMemory() {
        Path peak = dir.resolve("memory.peak");
        if (fs.exists(peak)) {
            return CgroupSupport.number(fs.read(peak), peak);
        }
        Path current = dir.resolve("memory.current");
        return samplePeak(CgroupSupport.number(fs.read(current), current));
    }

    @Override
    public boolean oomKilled() {
        return CgroupSupport.keyed(fs.read(dir.resolve("memory.events")), "oom_kill").orElse(0) > 0;
    }

    @Override
    public boolean memoryLimitHit() {
        return CgroupSupport.keyed(fs.read(dir.resolve("memory.events")), "max").orElse(0) > 0;
    }

    @Override
    public boolean pidsLimitHit() {
        return CgroupSupport.pidsLimitReached(fs, dir);
    }

    /**
     * cgroup.kill (kernel 5.14+) kills the whole subtree atomically with respect to forks. Before that:
     * freeze (5.2+), SIGKILL every member, thaw, until empty; frozen tasks cannot fork.
     */
    @Override
    public synchronized void killAll() {
        if (empty()) {
            return;
        }
        if (!fs.exists(dir.resolve("memory.peak"))) {
            peakMemory(); // last sample before the memory is freed
        }
        Path kill = dir.resolve("cgroup.kill");
        if (fs.exists(kill)) {
            fs.write(kill, "1");
            if (!CgroupSupport.await(this::empty, CgroupSupport.KILL_TIMEOUT)) {
                throw survivors("cgroup.kill");
            }
            return;
        }
        Path freeze = dir.resolve("cgroup.freeze");
        if (!fs.exists(freeze)) {
            throw CgroupException.state(dir + " has neither cgroup.kill nor cgroup.freeze (kernel older than 5.2):"
                    + " its processes cannot be killed without racing their forks", dir);
        }
        freezeKillLoop(freeze);
    }

    private void freezeKillLoop(Path freeze) {
        Path events = dir.resolve("cgroup.events");
        long deadline = System.nanoTime() + CgroupSupport.KILL_TIMEOUT.toNanos();
        while (true) {
            fs.write(freeze, "1");
            CgroupSupport.await(() -> CgroupSupport.keyed(fs.read(events), "frozen").orElse(0) == 1, FREEZE_WAIT);
            killEach(processes());
            fs.write(freeze, "0");
            if (CgroupSupport.await(this::empty, Duration.ofMillis(100))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw survivors("freeze + SIGKILL");
            }
        }
    }

    /** populated in cgroup.events also covers descendant cgroups, which cgroup.procs does not list. */
    @Override
    protected boolean empty() {
        Path events = dir.resolve("cgroup.events");
        if (!fs.exists(events)) {
            return super.empty();
        }
        return CgroupSupport.keyed(fs.read(events), "populated").orElse(0) == 0;
    }
}
