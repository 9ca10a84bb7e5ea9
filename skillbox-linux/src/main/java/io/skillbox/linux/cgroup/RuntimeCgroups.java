package io.skillbox.linux.cgroup;

import io.skillbox.linux.cgroup.ProcCgroups.Membership;
import io.skillbox.linux.cgroup.ProcCgroups.Mount;
import io.skillbox.linux.sys.Libc;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cgroups an OCI runtime makes for a run. A runtime given a relative {@code cgroupsPath} creates it below
 * its own cgroup in <em>every</em> hierarchy it knows (name=systemd and the hybrid unified one included), not
 * only in those skillbox's manager uses, and removes only the last component when the container ends. This
 * removes the rest: the run's directory in every hierarchy of this process.
 */
public final class RuntimeCgroups {
    private RuntimeCgroups() {}

    /**
     * Where run {@code runId}'s cgroup may exist: {@code <own cgroup>/skillbox/run-<id>} in every mounted
     * hierarchy, the manager's and those only a runtime uses.
     */
    public static List<Path> ofRun(String runId) {
        String name = CgroupSupport.runName(runId);
        return Parents.ALL.stream().map(parent -> parent.resolve(name)).toList();
    }

    /**
     * {@code <own cgroup>/skillbox} in every mounted hierarchy, read once per process (off every run's path), as
     * the cgroup manager reads its own parents once.
     */
    private static final class Parents {
        static final List<Path> ALL = read();

        private static List<Path> read() {
            CgroupFs fs = CgroupFs.host();
            return dirs(fs.read(CgroupDetector.MOUNTINFO), fs.read(CgroupDetector.PROC_CGROUP), CgroupSupport.PARENT);
        }
    }

    /**
     * {@code <own cgroup>/<relative>} in every mounted hierarchy: where a runtime started by this process makes a
     * relative {@code cgroupsPath} that is not below skillbox's runs (the bench's raw baselines).
     */
    public static List<Path> ofOwn(String relative) {
        return Parents.ALL.stream().map(parent -> parent.resolveSibling(relative)).toList();
    }

    /** Removes each of {@code dirs} (and any child) that exists; the run's processes are gone already. */
    public static void remove(List<Path> dirs) {
        CgroupFs fs = CgroupFs.host();
        for (Path dir : dirs) {
            if (fs.exists(dir)) {
                CgroupSupport.rmdir(fs, dir);
            }
        }
    }

    /**
     * Removes a cgroup a dead process left, with any child: whatever still runs in it is SIGKILLed first (the
     * pids are members now, so none is a stranger's), again until it is empty or the kill timeout passes.
     */
    public static void removeStale(Path dir) {
        CgroupFs fs = CgroupFs.host();
        CgroupSupport.await(() -> {
            List<Integer> members = CgroupSupport.pidsBelow(fs, dir);
            members.forEach(pid -> Libc.kill(pid, Libc.SIGKILL));
            return members.isEmpty();
        }, CgroupSupport.KILL_TIMEOUT);
        CgroupSupport.rmdir(fs, dir);
    }

    /**
     * The run's directory below each of this process's cgroup paths, in every mounted hierarchy: a superset of
     * where a runtime may have made it (named hierarchies such as name=systemd carry no controller to match
     * memberships and mounts by), and nothing but {@code <own>/<relative>} paths.
     */
    static List<Path> dirs(String mountinfo, String procCgroup, String relative) {
        List<Mount> mounts = ProcCgroups.parseMountinfo(mountinfo);
        List<String> ownPaths = ProcCgroups.parseProcCgroup(procCgroup).stream().map(Membership::path).distinct().toList();
        return mounts.stream()
                .flatMap(m -> ownPaths.stream().map(m::dirOf))
                .flatMap(Optional::stream)
                .map(own -> own.resolve(relative))
                .distinct()
                .toList();
    }
}
