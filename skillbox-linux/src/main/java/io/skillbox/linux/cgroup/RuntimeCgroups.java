package io.skillbox.linux.cgroup;

import io.skillbox.linux.cgroup.ProcCgroups.Membership;
import io.skillbox.linux.cgroup.ProcCgroups.Mount;
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

    /** Removes {@code <own cgroup>/<relative>} (and any child) in every mounted hierarchy; missing ones are fine. */
    public static void removeEverywhere(String relative) {
        CgroupFs fs = CgroupFs.host();
        String mountinfo = fs.read(CgroupDetector.MOUNTINFO);
        String procCgroup = fs.read(CgroupDetector.PROC_CGROUP);
        for (Path dir : dirs(mountinfo, procCgroup, relative)) {
            if (fs.exists(dir)) {
                CgroupSupport.rmdir(fs, dir);
            }
        }
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
