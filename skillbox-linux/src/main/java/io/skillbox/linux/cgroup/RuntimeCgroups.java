package io.skillbox.linux.cgroup;

import io.skillbox.linux.cgroup.ProcCgroups.Membership;
import io.skillbox.linux.cgroup.ProcCgroups.Mount;
import java.nio.file.Path;
import java.util.Collections;
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

    /** The run's directory in each hierarchy this process is in and can see. */
    static List<Path> dirs(String mountinfo, String procCgroup, String relative) {
        List<Mount> mounts = ProcCgroups.parseMountinfo(mountinfo);
        return ProcCgroups.parseProcCgroup(procCgroup).stream()
                .map(m -> mountOf(mounts, m).flatMap(mount -> mount.dirOf(m.path())))
                .flatMap(Optional::stream)
                .map(own -> own.resolve(relative))
                .distinct()
                .toList();
    }

    private static Optional<Mount> mountOf(List<Mount> mounts, Membership membership) {
        return mounts.stream()
                .filter(m -> membership.v2() ? m.v2()
                        : !m.v2() && !Collections.disjoint(m.controllers(), membership.controllers()))
                .filter(m -> m.dirOf(membership.path()).isPresent())
                .findFirst();
    }
}
