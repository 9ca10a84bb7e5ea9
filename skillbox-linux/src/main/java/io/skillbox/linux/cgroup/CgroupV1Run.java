package io.skillbox.linux.cgroup;

import io.skillbox.core.backend.ProcessOutcome.Usage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A run cgroup on v1: one directory per hierarchy; co-mounted controllers share one. */
final class CgroupV1Run extends LeasedRunCgroup {
    /** A task in uninterruptible sleep can keep the freezer in FREEZING; do not wait on it forever. */
    private static final Duration FREEZE_WAIT = Duration.ofMillis(500);

    private final Path memory;
    private final Path pids;
    private final Path cpuacct;
    private final Path freezer;

    /** {@code byController} maps each of {@link CgroupV1Manager#CONTROLLERS} to its directory, memory first. */
    CgroupV1Run(CgroupFs fs, String name, Map<String, Path> byController, CgroupFs.DirLock lease) {
        super(fs, name, byController.values().stream().distinct().toList(), lease);
        this.memory = byController.get("memory");
        this.pids = byController.get("pids");
        this.cpuacct = byController.get("cpuacct");
        this.freezer = byController.get("freezer");
    }

    @Override
    public void addProcess(int pid) {
        for (Path dir : dirs) {
            fs.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
        }
    }

    @Override
    public Usage usage() {
        Path peakFile = memory.resolve("memory.max_usage_in_bytes");
        Path cpuFile = cpuacct.resolve("cpuacct.usage");
        long peak = CgroupSupport.number(fs.read(peakFile), peakFile);
        long cpuNanos = CgroupSupport.number(fs.read(cpuFile), cpuFile);
        return new Usage(peak, cpuNanos / 1_000_000);
    }

    /**
     * From the oom_kill counter of memory.oom_control (kernel 4.13+). Older kernels lack it; then a
     * non-zero memory.failcnt is the fallback, a heuristic: it also counts limit hits that reclaim
     * resolved without killing anything.
     */
    @Override
    public boolean oomKilled() {
        Path control = memory.resolve("memory.oom_control");
        var kills = CgroupSupport.keyed(fs.read(control), "oom_kill");
        if (kills.isPresent()) {
            return kills.getAsLong() > 0;
        }
        Path failcnt = memory.resolve("memory.failcnt");
        return CgroupSupport.number(fs.read(failcnt), failcnt) > 0;
    }

    /**
     * memory.failcnt counts the charges refused here; a child's OOM kill can also leave it at 0 (the child's own
     * memsw limit refused first), while the peak still shows that usage reached this cgroup's limit.
     */
    @Override
    public boolean memoryLimitHit() {
        Path failcnt = memory.resolve("memory.failcnt");
        Path peak = memory.resolve("memory.max_usage_in_bytes");
        Path limit = memory.resolve("memory.limit_in_bytes");
        return CgroupSupport.number(fs.read(failcnt), failcnt) > 0
                || CgroupSupport.number(fs.read(peak), peak) >= CgroupSupport.number(fs.read(limit), limit);
    }

    @Override
    public boolean pidsLimitHit() {
        return CgroupSupport.pidsLimitReached(fs, pids);
    }

    /**
     * Freeze, SIGKILL every member, thaw, repeat until empty. While FROZEN no member can fork, so the
     * list read then is complete; killed tasks die as soon as they are thawed (a frozen task cannot act
     * on SIGKILL).
     */
    @Override
    public synchronized void killAll() {
        if (empty()) {
            return;
        }
        Path state = freezer.resolve("freezer.state");
        long deadline = System.nanoTime() + CgroupSupport.KILL_TIMEOUT.toNanos();
        while (true) {
            fs.write(state, "FROZEN");
            CgroupSupport.await(() -> fs.read(state).trim().equals("FROZEN"), FREEZE_WAIT);
            List<Integer> members = processes();
            killEach(members);
            fs.write(state, "THAWED");
            if (CgroupSupport.await(this::empty, Duration.ofMillis(100))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw survivors("freeze + SIGKILL");
            }
        }
    }
}
