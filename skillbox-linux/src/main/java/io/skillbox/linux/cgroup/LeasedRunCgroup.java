package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both drivers' run cgroups share: the directories (lease directory first), the flock lease, the
 * polled memory peak and an idempotent close.
 */
abstract sealed class LeasedRunCgroup implements RunCgroup permits CgroupV1Run, CgroupV2Run {
    protected final CgroupFs fs;
    private final String name;
    /** One per hierarchy, lease directory first; removed in reverse so the lease directory goes last. */
    protected final List<Path> dirs;
    private CgroupFs.DirLock lease;
    private boolean closed;
    private final AtomicLong polledPeak = new AtomicLong();

    protected LeasedRunCgroup(CgroupFs fs, String name, List<Path> dirs, CgroupFs.DirLock lease) {
        this.fs = fs;
        this.name = name;
        this.dirs = List.copyOf(dirs);
        this.lease = lease;
    }

    @Override
    public String name() {
        return name;
    }

    /** The run's directories, one per hierarchy (co-mounted controllers share one). */
    List<Path> dirs() {
        return dirs;
    }

    @Override
    public List<Integer> processes() {
        TreeSet<Integer> all = new TreeSet<>();
        for (Path dir : dirs) {
            all.addAll(CgroupSupport.pidsBelow(fs, dir));
        }
        return List.copyOf(all);
    }

    /** Records a memory.current sample and returns the highest seen. */
    protected long samplePeak(long current) {
        return polledPeak.accumulateAndGet(current, Math::max);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        killAll();
        for (Path dir : dirs.reversed()) {
            CgroupSupport.rmdir(fs, dir);
        }
        closed = true;
        releaseLease();
    }

    /**
     * Drops the lease without cleaning up, as a crashed JVM would; the cgroup is then stale for
     * {@link CgroupManager#sweepStale()}. For tests.
     */
    synchronized void abandon() {
        closed = true;
        releaseLease();
    }

    private void releaseLease() {
        if (lease != null) {
            lease.close();
            lease = null;
        }
    }

    /** Kills the listed pids with SIGKILL; the callers freeze first so the list is complete. */
    protected void killEach(List<Integer> pids) {
        for (int pid : pids) {
            fs.kill(pid);
        }
    }

    protected boolean empty() {
        for (Path dir : dirs) {
            if (!CgroupSupport.pidsBelow(fs, dir).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    protected CgroupException survivors(String how) {
        return CgroupException.state(name + ": processes " + processes() + " survived " + how + " for "
                + CgroupSupport.KILL_TIMEOUT, dirs.getFirst());
    }
}
