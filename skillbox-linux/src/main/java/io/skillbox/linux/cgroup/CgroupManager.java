package io.skillbox.linux.cgroup;

import io.skillbox.spec.Limits;
import java.util.Optional;

/**
 * Creates per-run cgroups below this JVM's own cgroup ({@code <own>/skillbox/run-<runId>}), so that
 * limits placed on the JVM still bound every run, and cgroups delegated to a non-root user work.
 */
public sealed interface CgroupManager permits CgroupV1Manager, CgroupV2Manager {

    /** The driver for this host; throws {@link CgroupException} (backend_unavailable) with every reason. */
    static CgroupManager detect() {
        return detect(CgroupFs.host());
    }

    static CgroupManager detect(CgroupFs fs) {
        return switch (CgroupDetector.detect(fs)) {
            case CgroupDetector.Detection.Found found -> found.manager();
            case CgroupDetector.Detection.Unavailable unavailable -> throw CgroupException.unavailable(unavailable.reason());
        };
    }

    /** Why cgroups cannot be used here (for {@code skillbox doctor}), or empty if they can. */
    static Optional<String> unavailableReason() {
        return unavailableReason(CgroupFs.host());
    }

    static Optional<String> unavailableReason(CgroupFs fs) {
        return switch (CgroupDetector.detect(fs)) {
            case CgroupDetector.Detection.Found ignored -> Optional.empty();
            case CgroupDetector.Detection.Unavailable unavailable -> Optional.of(unavailable.reason());
        };
    }

    /** e.g. "cgroup v1 (memory, pids, cpu,cpuacct, freezer) under /sys/fs/cgroup/memory/skillbox, ...". */
    String describe();

    /**
     * Creates {@code run-<runId>} with its limits written before returning, and takes its lease.
     *
     * @param memoryBytes memory ceiling, swap included (no swap escape)
     * @param cpuMillis   CPU bandwidth in thousandths of a core
     * @param pids        maximum processes and threads at once
     */
    RunCgroup create(String runId, long memoryBytes, long cpuMillis, int pids);

    default RunCgroup create(String runId, Limits limits) {
        return create(runId, limits.memoryBytes(), limits.cpuMillis(), limits.pids());
    }

    /**
     * Kills the processes of, and removes, every run cgroup under this JVM's {@code skillbox} directory
     * that no live JVM holds a lease on (left behind by a crash). Returns how many were removed.
     */
    int sweepStale();
}
