package io.skillbox.linux.cgroup;

import io.skillbox.core.backend.ProcessOutcome.Usage;
import java.util.List;

/**
 * The cgroup (one directory per hierarchy) of one run. While it is open this JVM holds an flock lease on
 * it, so {@link CgroupManager#sweepStale()} in any JVM leaves it alone.
 */
public interface RunCgroup extends AutoCloseable {

    /** {@code run-<runId>}. */
    String name();

    /**
     * Moves {@code pid} (the whole process) into this cgroup in every hierarchy. The process must not fork
     * until this returns (start it blocked, e.g. reading a pipe): on v1 a child forked between two
     * hierarchies' moves would keep its parent's old cgroup in the remaining ones.
     */
    void addProcess(int pid);

    /**
     * Peak memory and CPU time so far. Where the kernel keeps no peak (cgroup v2 before 5.19) the peak
     * is the highest memory.current seen by any call on this object: call it periodically.
     */
    Usage usage();

    /** Whether the kernel's OOM killer killed a process of this cgroup. */
    boolean oomKilled();

    /**
     * Whether the memory limit was reached (the kernel had to reclaim, or found nothing to reclaim). On cgroup v1
     * this is also recorded for an OOM kill of a child cgroup's process, which {@link #oomKilled} misses there.
     */
    boolean memoryLimitHit();

    /** Whether a fork or clone failed because of the pids limit. */
    boolean pidsLimitHit();

    /** The pids currently in the cgroup, sorted. */
    List<Integer> processes();

    /**
     * Kills every process in the cgroup and waits until it is empty; throws if some survive
     * 2 s. Freezing first (or cgroup.kill) makes it race-free against forks.
     */
    void killAll();

    /**
     * {@link #killAll()}, then removes every directory of this run and releases the lease. Idempotent;
     * a cgroup that is already gone is not an error.
     */
    @Override
    void close();
}
