package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Ownership of run cgroups across JVMs. The JVM that creates a run holds an exclusive flock on the run's
 * directory in the lease hierarchy until close; the kernel releases it if the JVM dies. A run directory
 * nobody holds is therefore stale. Creating takes the parent's lock shared and sweeping takes it
 * exclusively, so a sweep never sees a run between its mkdir and its lease.
 */
final class RunLeases {
    private RunLeases() {}

    /** Creates {@code parent/name} and returns the lease on it; refuses a name that already exists. */
    static CgroupFs.DirLock create(CgroupFs fs, Path parent, String name) {
        Path dir = parent.resolve(name);
        CgroupFs.DirLock guard = CgroupSupport.lock(fs, parent, false);
        try {
            if (!fs.mkdir(dir)) {
                throw CgroupException.state("run cgroup " + dir + " already exists: run ids must be unique", dir);
            }
            return fs.tryLock(dir, true).orElseThrow(
                    () -> CgroupException.state("run cgroup " + dir + " was locked by another process right after mkdir", dir));
        } finally {
            guard.close();
        }
    }

    /**
     * Kills and removes every run under {@code parent} whose lease nobody holds. The stale runs are
     * claimed (leased) under the parent's exclusive lock, then cleaned without it so creators wait only
     * for the listing.
     */
    static int sweep(CgroupFs fs, Path parent, BiFunction<String, CgroupFs.DirLock, RunCgroup> adopt) {
        if (!fs.exists(parent)) {
            return 0;
        }
        List<RunCgroup> stale = new ArrayList<>();
        CgroupFs.DirLock guard = CgroupSupport.lock(fs, parent, true);
        try {
            for (String child : fs.listDirs(parent)) {
                if (child.startsWith(CgroupSupport.RUN_PREFIX)) {
                    tryLease(fs, parent.resolve(child)).ifPresent(lease -> stale.add(adopt.apply(child, lease)));
                }
            }
        } finally {
            guard.close();
        }
        for (RunCgroup run : stale) {
            run.close();
        }
        return stale.size();
    }

    /** Empty if held elsewhere, or if the run was removed between listing and locking. */
    private static Optional<CgroupFs.DirLock> tryLease(CgroupFs fs, Path dir) {
        try {
            return fs.tryLock(dir, true);
        } catch (CgroupException e) {
            if (e.errno() == CgroupException.ENOENT) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
