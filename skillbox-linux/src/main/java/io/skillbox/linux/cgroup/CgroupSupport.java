package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** Parsing and bounded-wait helpers shared by the v1 and v2 drivers. */
final class CgroupSupport {
    /** The directory created under the JVM's own cgroup in each hierarchy. */
    static final String PARENT = "skillbox";
    static final String RUN_PREFIX = "run-";
    /** How long killAll waits for a cgroup to empty, and rmdir retries EBUSY. */
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(2);
    /** How long create waits for a sweep in progress (which holds the parent exclusively). */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);
    /** The CFS period; the kernel accepts quotas from 1 ms and periods up to 1 s. */
    static final long CFS_PERIOD_US = 100_000;
    private static final long MIN_QUOTA_US = 1_000;
    private static final long MAX_PERIOD_US = 1_000_000;
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private CgroupSupport() {}

    /** Run ids become directory names: refuse anything that could traverse or collide. */
    static String runName(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("run id must match " + RUN_ID + ": " + runId);
        }
        return RUN_PREFIX + runId;
    }

    static void checkLimits(long memoryBytes, long cpuMillis, int pids) {
        if (memoryBytes <= 0 || cpuMillis <= 0 || pids <= 0) {
            throw new IllegalArgumentException("cgroup limits must be positive: memory=" + memoryBytes
                    + " cpuMillis=" + cpuMillis + " pids=" + pids);
        }
    }

    /**
     * {quota, period} in microseconds for {@code cpuMillis} thousandths of a CPU. The period is 100 ms
     * unless the quota would fall below the kernel's 1 ms minimum; then the period grows (up to 1 s)
     * instead of rounding the quota up, so the run never gets more CPU than it was granted.
     */
    static long[] cfsQuota(long cpuMillis) {
        long period = CFS_PERIOD_US;
        if (cpuMillis * period / 1000 < MIN_QUOTA_US) {
            period = MAX_PERIOD_US;
        }
        long quota = Math.multiplyExact(cpuMillis, period) / 1000;
        if (quota < MIN_QUOTA_US) {
            throw new IllegalArgumentException("cpuMillis " + cpuMillis + " is below the kernel's minimum CFS quota");
        }
        return new long[] {quota, period};
    }

    /** The value of {@code key} in a flat-keyed file ("oom_kill 3" lines), if present. */
    static OptionalLong keyed(String text, String key) {
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return OptionalLong.of(Long.parseLong(parts[1]));
            }
        }
        return OptionalLong.empty();
    }

    static long number(String text, Path file) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw CgroupException.io("parse", file, CgroupException.UNKNOWN_ERRNO, "not a number: " + text.trim(), e);
        }
    }

    /**
     * The pids in a cgroup.procs file; a cgroup that is already gone has none. That includes one removed between
     * the open and the read (a foreground runtime removes its container's cgroup while skillbox looks): the kernel
     * then fails the read with ENODEV, which NIO reports without an errno.
     */
    static List<Integer> pids(CgroupFs fs, Path dir) {
        Path procs = dir.resolve("cgroup.procs");
        String text;
        try {
            text = fs.read(procs);
        } catch (CgroupException e) {
            if (e.errno() == CgroupException.ENOENT || !fs.exists(procs)) {
                return List.of();
            }
            throw e;
        }
        List<Integer> pids = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return pids;
    }

    /**
     * The pids of {@code dir} and of every cgroup below it: an OCI runtime puts the container in a child of the
     * run's cgroup, and its processes are the run's.
     */
    static List<Integer> pidsBelow(CgroupFs fs, Path dir) {
        List<Integer> pids = new ArrayList<>(pids(fs, dir));
        for (String child : children(fs, dir)) {
            pids.addAll(pidsBelow(fs, dir.resolve(child)));
        }
        return pids;
    }

    /** The child cgroups of {@code dir}; none when it is gone. */
    static List<String> children(CgroupFs fs, Path dir) {
        try {
            return fs.listDirs(dir);
        } catch (CgroupException e) {
            if (e.errno() == CgroupException.ENOENT) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Whether a fork failed at the pids limit of {@code dir}, or the count reached it. The event counter
     * alone misses a limit hit in a child cgroup (an OCI runtime's container cgroup): on v1 the kernel
     * records it only in the forking task's own cgroup. The peak (kernel 6.1+) is hierarchical.
     */
    static boolean pidsLimitReached(CgroupFs fs, Path dir) {
        if (keyed(fs.read(dir.resolve("pids.events")), "max").orElse(0) > 0) {
            return true;
        }
        Path peak = dir.resolve("pids.peak");
        String max = fs.read(dir.resolve("pids.max")).trim();
        return fs.exists(peak) && !max.equals("max") && number(fs.read(peak), peak) >= Long.parseLong(max);
    }

    /** Writes a pid to a cgroup.procs file; a pid that exited meanwhile (ESRCH) is not an error. */
    static void movePid(CgroupFs fs, Path dir, int pid) {
        try {
            fs.write(dir.resolve("cgroup.procs"), Integer.toString(pid));
        } catch (CgroupException e) {
            if (e.errno() != CgroupException.ESRCH) {
                throw e;
            }
        }
    }

    /**
     * Removes a cgroup directory, retrying while the kernel still reports it busy (exiting tasks are
     * uncharged asynchronously). A directory that is already gone counts as removed.
     */
    static void rmdir(CgroupFs fs, Path dir) {
        for (String child : children(fs, dir)) {
            rmdir(fs, dir.resolve(child));
        }
        long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
        long pauseMillis = 1;
        while (true) {
            try {
                fs.rmdir(dir);
                return;
            } catch (CgroupException e) {
                if (e.errno() == CgroupException.ENOENT) {
                    return;
                }
                // Retry EBUSY, and failures NIO reported without an errno (EBUSY among them).
                boolean retryable = e.errno() == CgroupException.EBUSY || e.errno() == CgroupException.UNKNOWN_ERRNO;
                if (!retryable || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 50);
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
    static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 20);
        }
        return true;
    }

    /** Waits for a lease on {@code dir}; a sweep holds the parent exclusively for a bounded time. */
    static CgroupFs.DirLock lock(CgroupFs fs, Path dir, boolean exclusive) {
        long deadline = System.nanoTime() + LOCK_TIMEOUT.toNanos();
        while (true) {
            var lock = fs.tryLock(dir, exclusive);
            if (lock.isPresent()) {
                return lock.get();
            }
            if (System.nanoTime() > deadline) {
                throw CgroupException.state("timed out after " + LOCK_TIMEOUT + " waiting for the lock on " + dir, dir);
            }
            pause(10);
        }
    }

    /** Cleans up a half-created run; a cleanup failure is attached to the original failure, not lost. */
    static void closeAfterFailure(RunCgroup run, RuntimeException failure) {
        try {
            run.close();
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** parkNanos rather than sleep: cleanup paths must not be cut short by an interrupt. */
    static void pause(long millis) {
        LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
    }
}
